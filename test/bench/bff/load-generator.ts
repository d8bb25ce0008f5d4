import { Agent, request } from "node:http";

/** One operation of a peer: resolves when the answer is complete and correct, rejects otherwise. */
export type Operation = () => Promise<void>;

/** What one closed-loop run measured. */
export interface LoadResult {
  /** Operations completed inside the timed window. */
  readonly ops: number;
  /** Operations completed in total, including those in flight when the window closed (drained). */
  readonly opsIncludingDrain: number;
  /** Failed operations (not counted in ops). */
  readonly errors: number;
  /** The first failure, for the report. */
  readonly firstError?: string;
  /** Length of the timed window in ms (operations that ended after it are drained, not counted in ops). */
  readonly elapsedMs: number;
  /** Latency of every operation completed inside the window, in ms, sorted ascending. */
  readonly latenciesMs: Float64Array;
}

/**
 * Runs `concurrency` closed loops of `operation` for `durationMs`, then stops issuing and waits
 * for the operations still in flight (so the caller's before/after readings cover every
 * operation that was started).
 */
export async function runLoad(operation: Operation, options: { readonly concurrency: number; readonly durationMs: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let drained = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const endsAt = started + options.durationMs;

  const loop = async (): Promise<void> => {
    while (performance.now() < endsAt) {
      const t0 = performance.now();
      try {
        await operation();
        const t1 = performance.now();
        if (t1 <= endsAt) latencies.push(t1 - t0);
        else drained++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    opsIncludingDrain: latencies.length + drained,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs: options.durationMs,
    latenciesMs: sorted,
  };
}

/** The q-quantile (0..1) of sorted values, nearest rank; NaN when empty. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * A keep-alive HTTP POST of a GraphQL body — fixed, or made afresh per call by `body` when it is a
 * function (e.g. a new idempotency key each time); the answer must be 200 without `"errors"`.
 */
export function graphqlOperation(url: string, body: unknown, headers: Record<string, string> = {}): { run: Operation; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
  const fixed = typeof body === "function" ? undefined : encode(body);
  const run: Operation = () =>
    new Promise<void>((resolve, reject) => {
      const payload = fixed ?? encode((body as () => unknown)());
      const allHeaders = { "content-type": "application/json", accept: "application/json", "content-length": String(payload.length), ...headers };
      const req = request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: allHeaders },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
            else if (text.includes('"errors"')) reject(new Error(`GraphQL errors: ${text.slice(0, 300)}`));
            else resolve();
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  return { run, close: () => agent.destroy() };
}

/** POSTs once and returns the status, the raw body and its byte length. */
export async function postGraphql(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; bytes: number }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: buffer.toString("utf8"), bytes: buffer.length };
}
