import type { DescMethodServerStreaming, DescMethodUnary } from "@bufbuild/protobuf";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { CallAuthenticator } from "../auth/call-authenticator.js";
import type { GrpcTrust } from "../auth/grpc-trust.js";
import { serverCredentialsFor } from "../auth/server-credentials.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import { silentLogger } from "../logging/create-logger.js";
import { HealthStatus } from "./health.js";
import { InflightCalls } from "./inflight.js";
import { addReflection } from "./reflection.js";
import { passThroughBytes } from "./serializers.js";
import { methodScope, serverStreamingHandler, unaryHandler, type HandlerDeps } from "./server-handlers.js";
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
  /**
   * At shutdown, how long the server keeps serving after it reported NOT_SERVING, so that clients
   * watching its health (this runtime's clients do) stop sending it calls before it sends GOAWAY.
   * @default 250
   */
  readonly drainNoticeMs?: number;
  /** Initial health status; call `setServing(true)` once ready (e.g. after migrations). @default false */
  readonly serving?: boolean;
  /**
   * Close each client connection gracefully (GOAWAY) after about this long (±10% jitter). Off by
   * default: this runtime's clients resolve `dns:///` names again on their own (see
   * `dnsRefreshIntervalMs`), and a GOAWAY cuts calls on grpc-js clients that still run at their
   * next keepalive ping (grpc/grpc-node#3068): such calls fail UNAVAILABLE and are retried only
   * when idempotent. For clients that do not re-resolve by themselves. 0 = off. @default 0
   */
  readonly maxConnectionAgeMs?: number;
  /** How long calls may still run on a connection closed for its age. @default shutdownGraceMs */
  readonly maxConnectionAgeGraceMs?: number;
  /** Extra grpc-js server channel options. */
  readonly channelOptions?: Readonly<Record<string, string | number>>;
  /** Where each call's server span and RED metrics go. @default none (neither is recorded) */
  readonly telemetry?: Telemetry;
  /**
   * How callers are authenticated (`loadGrpcTrust`): mTLS (the port speaks TLS, each call's caller
   * is its verified client certificate's CN, its end user a token that certificate's key signed)
   * or plaintext with claimed callers (development). Every hosted method then refuses a caller it
   * cannot establish with UNAUTHENTICATED, before decoding the request; health and reflection stay
   * open. @default none: plaintext, no principal (in-process tests; `currentActor()` is privileged)
   */
  readonly auth?: GrpcTrust;
  /**
   * Also serve grpc.health.v1 alone, in plaintext, on this port (0 = a free one), with the same
   * status as the main port: for Kubernetes probes, which cannot present a client certificate.
   * @default none
   */
  readonly healthPort?: number;
}

/** A running gRPC server. */
export interface GrpcServer {
  /** The bound port. */
  readonly port: number;
  /** `host:port` to give to clients. */
  readonly address: string;
  /** The bound port of the plaintext health-only server; undefined without `healthPort`. */
  readonly healthPort: number | undefined;
  /** Sets the grpc.health.v1 status of "" and of every hosted service. */
  setServing(serving: boolean): void;
  /**
   * Drains, in this order: reports NOT_SERVING (clients watching health stop picking this server),
   * keeps serving for `drainNoticeMs`, waits until no call is in flight, then closes the listening
   * socket and sends every connection a GOAWAY (clients that do not watch health move away now),
   * lets what is still in flight finish within the grace period and force-closes the rest. Safe to
   * call more than once.
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
    drainNoticeMs = 250,
    maxConnectionAgeMs = 0,
  } = options;
  if (!(maxConnectionAgeMs >= 0)) throw new Error(`startGrpcServer: maxConnectionAgeMs must be ≥ 0, got ${maxConnectionAgeMs}`);
  // grpc-js servers answer client keepalive pings at any rate (the clients of this runtime ping
  // every 250 ms to notice a frozen replica), so no ping policy is set here.
  const server = new Server({
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.keepalive_time_ms": 60_000,
    ...(maxConnectionAgeMs > 0
      ? { "grpc.max_connection_age_ms": maxConnectionAgeMs, "grpc.max_connection_age_grace_ms": options.maxConnectionAgeGraceMs ?? shutdownGraceMs }
      : {}),
    ...options.channelOptions,
  });
  const { auth } = options;
  const deps: HandlerDeps = {
    logger,
    inflight: new InflightCalls(),
    telemetry: options.telemetry,
    authenticator: auth === undefined ? undefined : new CallAuthenticator(auth),
  };
  for (const registration of services) register(server, registration, deps);
  const health = new HealthStatus(services.map((s) => s.desc.typeName), serving);
  health.addTo(server);
  addReflection(server, services.map((s) => s.desc));

  const credentials = auth?.mode === "mtls" ? serverCredentialsFor(auth.identity) : ServerCredentials.createInsecure();
  const bound = await bind(server, host, port, credentials);
  const address = `${hostPart(host)}:${bound}`;
  let healthServer: Server | undefined;
  let healthPort: number | undefined;
  if (options.healthPort !== undefined) {
    // Probes only: nothing but grpc.health.v1, sharing the main server's status.
    healthServer = new Server();
    health.addTo(healthServer);
    try {
      healthPort = await bind(healthServer, host, options.healthPort, ServerCredentials.createInsecure());
    } catch (error) {
      server.forceShutdown();
      throw error;
    }
  }
  logger.info(
    {
      address,
      services: services.map((s) => s.desc.typeName),
      transport: auth?.mode ?? "plaintext",
      ...(healthPort === undefined ? {} : { healthAddress: `${hostPart(host)}:${healthPort}` }),
    },
    "grpc server listening",
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      const deadline = Date.now() + shutdownGraceMs;
      health.set(false);
      // Calls still arrive from clients that have not yet seen NOT_SERVING: serve them.
      await sleep(Math.min(drainNoticeMs, shutdownGraceMs / 2));
      // GOAWAY only once nothing is in flight: a grpc-js client drops the calls still running on a
      // connection that got a GOAWAY at its next keepalive ping (grpc/grpc-node#3068). Clients that
      // ignore health may keep the count up; they get the GOAWAY at half the grace period.
      await Promise.race([deps.inflight.drained(), sleep((deadline - Date.now()) / 2)]);
      const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      // Long-lived calls nobody waits for (health Watch streams) must not hold the process:
      // once our own calls are done, the rest gets a moment to flush and is then cut.
      const drained = deps.inflight.drained().then(() => sleep(Math.min(FLUSH_MS, deadline - Date.now())));
      const outcome = await Promise.race([graceful, drained, sleep(deadline - Date.now()).then(() => "timeout" as const)]);
      if (outcome === "timeout") logger.warn({ inflight: deps.inflight.count }, "grace period over; cutting calls");
      server.forceShutdown();
      // Last: probes see NOT_SERVING until the very end rather than a refused connection.
      healthServer?.forceShutdown();
      logger.info({ address }, "grpc server stopped");
    })());

  return { port: bound, address, healthPort, setServing: (s) => health.set(s), shutdown };
}

function hostPart(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function bind(server: Server, host: string, port: number, credentials: ServerCredentials): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(`${hostPart(host)}:${port}`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
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
        server.register(path, unaryHandler(method as DescMethodUnary, bound, methodScope(method as DescMethodUnary, path, deps)), passThroughBytes, passThroughBytes, "unary");
        break;
      case "server_streaming":
        server.register(
          path,
          serverStreamingHandler(method as DescMethodServerStreaming, bound, methodScope(method as DescMethodServerStreaming, path, deps)),
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
