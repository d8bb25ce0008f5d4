import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/** The admin HTTP server of a process: `GET /metrics` and nothing else. */
export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `metrics` at `GET /metrics` on `host:port`, apart from the process's own port: a gRPC
 * port cannot speak HTTP/1, and a BFF's public port should not show its internals to the internet.
 */
export async function startMetricsServer(options: {
  readonly metrics: Metrics;
  readonly host: string;
  readonly port: number;
  readonly logger?: Logger;
}): Promise<MetricsServer> {
  const { metrics, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: metrics are at GET /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
      return;
    }
    metrics.text().then(
      (text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        logger?.error({ err: error }, "metrics could not be collected");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics could not be collected\n");
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger?.info({ port, host: options.host }, "metrics served at /metrics");
  let closed: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
