import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeExportTraceServiceRequest, type ReceivedSpan } from "./otlp-trace-decoder.js";

/** An OTLP/HTTP trace receiver that keeps every span it is sent, for a test to look at. */
export interface OtlpReceiver {
  /** The base URL to give as `OTEL_EXPORTER_OTLP_ENDPOINT` (spans arrive at `<url>/v1/traces`). */
  readonly url: string;
  /** Every span received so far, in arrival order. */
  spans(): readonly ReceivedSpan[];
  /** The spans of one trace received so far. */
  trace(traceId: string): readonly ReceivedSpan[];
  /**
   * Resolves with what `check` returns once it returns something other than undefined, looking
   * again at every export; rejects after `timeoutMs` with `describe()` of what arrived.
   */
  waitFor<T>(check: (spans: readonly ReceivedSpan[]) => T | undefined, timeoutMs?: number): Promise<T>;
  /** Bodies that could not be decoded (each answered 400), as messages; a test expects none. */
  readonly failures: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1 (a free port). `POST /v1/traces` with an
 * `application/x-protobuf` ExportTraceServiceRequest (gzip or plain) is decoded and answered 200
 * with an empty ExportTraceServiceResponse; anything else gets 404, 405 or 415.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const failures: string[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path !== "/v1/traces") return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-protobuf")) return void res.writeHead(415).end();
    readBody(req).then(
      (body) => {
        try {
          received.push(...decodeExportTraceServiceRequest(body));
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
          res.writeHead(400).end();
          return;
        }
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
        for (const wake of waiters) wake();
      },
      (error: unknown) => {
        failures.push(`reading a body: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(400).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => received,
    trace: (traceId) => received.filter((span) => span.traceId === traceId),
    failures,
    waitFor: <T>(check: (spans: readonly ReceivedSpan[]) => T | undefined, timeoutMs = 15_000) =>
      new Promise<T>((resolve, reject) => {
        const attempt = (): boolean => {
          const result = check(received);
          if (result === undefined) return false;
          finish();
          resolve(result);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the spans looked for did not arrive within ${timeoutMs} ms; received ${received.length}:\n${describeSpans(received)}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = (): void => void attempt();
        waiters.add(wake);
        attempt();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One line per span (service, kind, name, ids, status), for failure messages. */
export function describeSpans(spans: readonly ReceivedSpan[]): string {
  return spans
    .map((s) => `${s.service} ${s.kind} "${s.name}" trace=${s.traceId} span=${s.spanId} parent=${s.parentSpanId ?? "-"} status=${s.status.code}`)
    .join("\n");
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}
