import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("./fixtures/replica-server.ts", import.meta.url));

/** One replica process of `fixtures/replica-server.ts`. */
export interface Replica {
  readonly child: ChildProcess;
  /** `127.0.0.1:port`, also the display name its answers carry. */
  readonly address: string;
  readonly port: number;
}

/** Starts a replica on `port` (0 = a free one) and resolves once it serves. */
export async function startReplica(options: { port?: number; delayMs?: number } = {}): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, String(options.port ?? 0), "127.0.0.1", String(options.delayMs ?? 2)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (line.done) throw new Error(`replica exited before it served (code ${child.exitCode})`);
  const address = line.value as string;
  return { child, address, port: Number(address.split(":").pop()) };
}

/** SIGTERM, then resolves once the replica has drained and exited. */
export async function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once("exit", resolve));
  replica.child.kill("SIGCONT");
  replica.child.kill("SIGTERM");
  await exited;
}

/** Kills whatever is left, stopped (SIGSTOP) or not. */
export function killReplicas(replicas: readonly Replica[]): void {
  for (const replica of replicas) {
    if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill("SIGKILL");
  }
}

/** One call of a closed loop: when it started (ms since the loop began), how long it took, who answered or how it failed. */
export interface CallRecord {
  readonly startMs: number;
  readonly ms: number;
  readonly by?: string;
  readonly code?: number;
  readonly message?: string;
}

/**
 * `workers` callers each calling `call` again as soon as the previous call ended, until `stop()`.
 * Each turn yields to the event loop first (a call refused at once must not starve the timers).
 */
export function closedLoop(workers: number, call: () => Promise<string | undefined>, options: { readonly pauseMs?: number } = {}) {
  const t0 = performance.now();
  const records: CallRecord[] = [];
  let running = true;
  const worker = async (): Promise<void> => {
    while (running) {
      await new Promise((resolve) => (options.pauseMs ? setTimeout(resolve, options.pauseMs) : setImmediate(resolve)));
      const started = performance.now();
      try {
        const by = await call();
        records.push({ startMs: started - t0, ms: performance.now() - started, ...(by !== undefined ? { by } : {}) });
      } catch (error) {
        const { code, message } = error as { code?: number; message?: string };
        records.push({ startMs: started - t0, ms: performance.now() - started, ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) });
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    records,
    /** Milliseconds since the loop began. */
    now: () => performance.now() - t0,
    stop: async () => {
      running = false;
      await done;
      return records;
    },
  };
}

/** The `q` quantile (0–1) of `values` (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
