import type { DescMethodServerStreaming, DescMethodUnary } from "@bufbuild/protobuf";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { silentLogger } from "../logging/create-logger.js";
import { HealthStatus } from "./health.js";
import { InflightCalls } from "./inflight.js";
import { addReflection } from "./reflection.js";
import { passThroughBytes } from "./serializers.js";
import { serverStreamingHandler, unaryHandler, type HandlerDeps } from "./server-handlers.js";
import type { ServiceRegistration } from "./service.js";

/** Options of {@link startGrpcServer}. */
export interface GrpcServerOptions {
  /** The services to host. */
  readonly services: readonly ServiceRegistration[];
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Where the per-call log lines go. @default a silent logger */
  readonly logger?: Logger;
  /** How long `shutdown` lets in-flight calls run before cutting them. @default 10_000 */
  readonly shutdownGraceMs?: number;
  /** Initial health status; call `setServing(true)` once ready (e.g. after migrations). @default false */
  readonly serving?: boolean;
  /** Extra grpc-js server channel options. */
  readonly channelOptions?: Readonly<Record<string, string | number>>;
}

/** A running gRPC server. */
export interface GrpcServer {
  /** The bound port. */
  readonly port: number;
  /** `host:port` to give to clients. */
  readonly address: string;
  /** Sets the grpc.health.v1 status of "" and of every hosted service. */
  setServing(serving: boolean): void;
  /**
   * Reports NOT_SERVING, stops accepting calls, lets in-flight calls finish within the grace
   * period, then force-closes what is left. Safe to call more than once.
   */
  shutdown(): Promise<void>;
}

/** Hosts Connect `ServiceImpl`s on a grpc-js server with health, reflection and per-call logging. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServer> {
  const {
    services,
    port = 0,
    host = "127.0.0.1",
    logger = silentLogger(),
    shutdownGraceMs = 10_000,
    serving = false,
  } = options;
  const server = new Server({
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.keepalive_time_ms": 60_000,
    "grpc.http2.min_ping_interval_without_data_ms": 5_000,
    ...options.channelOptions,
  });
  const deps: HandlerDeps = { logger, inflight: new InflightCalls() };
  for (const registration of services) register(server, registration, deps);
  const health = new HealthStatus(services.map((s) => s.desc.typeName), serving);
  health.addTo(server);
  addReflection(server, services.map((s) => s.desc));

  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(":") ? `[${host}]` : host}:${port}`, ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  const address = `${host.includes(":") ? `[${host}]` : host}:${bound}`;
  logger.info({ address, services: services.map((s) => s.desc.typeName) }, "grpc server listening");

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      health.set(false);
      const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      const deadline = Date.now() + shutdownGraceMs;
      // Long-lived calls nobody waits for (health Watch streams) must not hold the process:
      // once our own calls are done, the rest gets a moment to flush and is then cut.
      const drained = deps.inflight.drained().then(() => sleep(Math.min(FLUSH_MS, deadline - Date.now())));
      const outcome = await Promise.race([graceful, drained, sleep(shutdownGraceMs).then(() => "timeout" as const)]);
      if (outcome === "timeout") logger.warn({ inflight: deps.inflight.count }, "grace period over; cutting calls");
      server.forceShutdown();
      logger.info({ address }, "grpc server stopped");
    })());

  return { port: bound, address, setServing: (s) => health.set(s), shutdown };
}

/** Time given to responses already handed to grpc-js to reach the wire before a force-close. */
const FLUSH_MS = 250;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

function register(server: Server, registration: ServiceRegistration, deps: HandlerDeps): void {
  const { desc, impl } = registration;
  for (const method of desc.methods) {
    const fn = (impl as Record<string, unknown>)[method.localName];
    if (typeof fn !== "function") continue;
    const path = `/${desc.typeName}/${method.name}`;
    const bound = fn.bind(impl);
    // The handlers decode and encode the messages themselves (they log the payload sizes).
    switch (method.methodKind) {
      case "unary":
        server.register(path, unaryHandler(method as DescMethodUnary, bound, path, deps), passThroughBytes, passThroughBytes, "unary");
        break;
      case "server_streaming":
        server.register(
          path,
          serverStreamingHandler(method as DescMethodServerStreaming, bound, path, deps),
          passThroughBytes,
          passThroughBytes,
          "serverStream",
        );
        break;
      default:
        throw new Error(`${path}: ${method.methodKind} methods are not supported`);
    }
  }
}
