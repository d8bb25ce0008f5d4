import { clientTlsOf, startGrpcServer, type GrpcServer, type GrpcTrust, type ServiceRegistration, type Telemetry, type TlsIdentity } from "@shop/grpc-runtime";
import { createLogger, type Logger } from "@shop/grpc-runtime";
import { openDatabase, type Database, type QueryListener } from "../db/index.js";
import type { SeedReport } from "../kit/seed-report.js";

/** Who a domain service is, for the host and the seed command: its name and its Prisma files. */
export interface DomainServiceIdentity {
  /** e.g. `"users"`: names the logger, the default data dir and the log lines. */
  readonly name: string;
  /** The service's `prisma/migrations` folder. */
  readonly migrationsDir: string;
  /** The service's `prisma/schema.prisma`. */
  readonly schemaPath?: string;
}

/** The start options every domain service accepts (its config.ts maps the environment onto them). */
export interface DomainServiceOptions {
  /** gRPC port. @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /**
   * How callers are authenticated (the entry point loads it with `loadGrpcTrust(config)`): mTLS
   * with the service's certificate, or plaintext with claimed callers (logged as a warning at
   * start). The same identity is what the composition's own clients present (`scope.tls`).
   * @default none: plaintext and no principal (in-process tests; every caller is privileged)
   */
  readonly trust?: GrpcTrust | undefined;
  /** Also serve grpc.health.v1 alone, in plaintext, on this port (0 = a free one), for probes. @default none */
  readonly healthPort?: number | undefined;
  /** PostgreSQL URL; absent → embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory. @default `<repo>/.data/<service>/` */
  readonly dataDir?: string | undefined;
  /** PGlite in memory (tests); wins over `dataDir`. @default false */
  readonly inMemory?: boolean;
  /** PostgreSQL pool size (PGlite always uses 1). @default 10 */
  readonly dbPoolSize?: number;
  /** Apply pending migrations under an advisory lock before serving. @default true */
  readonly migrateOnStart?: boolean;
  /** Seed the demo data when the database is empty. @default true */
  readonly seed?: boolean;
  /** @default a pino logger named after the service at `logLevel` */
  readonly logger?: Logger;
  /** Used only when no `logger` is given. @default "info" */
  readonly logLevel?: string;
  /** How long in-flight calls may finish at stop. @default 10_000 */
  readonly shutdownGraceMs?: number;
  /** Sees every SQL statement (tests count queries with it). */
  readonly onQuery?: QueryListener;
  /**
   * The process's telemetry (the entry point makes it from the parsed config): each call's server
   * span and RED metrics, each SQL statement's duration and span, the pool's state, all served at
   * `GET /metrics` on its admin port from the moment the gRPC server listens. The service owns it
   * from then on: `stop()` shuts it down last, once the calls have drained, which flushes the
   * spans still buffered. None = nothing is recorded and no admin port is opened.
   */
  readonly telemetry?: Telemetry;
}

/** What a service's composition hands back to the host. */
export interface DomainComposition<Extra> {
  /** The gRPC services to host. */
  readonly services: ServiceRegistration[];
  /** Seeds the demo data when the database is empty; runs before SERVING when seeding is on. */
  readonly seed?: () => Promise<SeedReport>;
  /** Service-specific members of the running service (e.g. a test hook). */
  readonly extra: Extra;
}

/** What a composition may use from the host while it wires its layers. */
export interface CompositionScope {
  readonly database: Database;
  readonly logger: Logger;
  /** The service's telemetry, for what the composition builds that records into it (e.g. its gRPC clients). */
  readonly telemetry?: Telemetry;
  /** The identity the composition's gRPC clients present (`ClientOptions.tls`); none in plaintext mode and in-process tests. */
  readonly tls?: TlsIdentity;
  /** Registers a cleanup; cleanups run in reverse order at stop, after the server has drained. */
  onStop(cleanup: () => unknown): void;
}

/** A running domain service. */
export interface RunningDomainService {
  readonly port: number;
  /** "host:port" to give `createClient`. */
  readonly address: string;
  /** Port of the plaintext health-only server; undefined without `healthPort`. */
  readonly healthPort: number | undefined;
  /** Port of the `/metrics` admin server; undefined without telemetry. */
  readonly metricsPort: number | undefined;
  /** A postgres:// URL of the service's database (pglite-socket's in embedded mode), for tools and tests. */
  readonly databaseUrl: string;
  /** What the seed did at start; undefined when seeding was off. */
  readonly seeded: SeedReport | undefined;
  /** Stops serving (draining calls), then runs the cleanups, closes the database and shuts the telemetry down. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The lifecycle every domain service shares: open (and migrate) its database, let the service wire
 * repositories → use cases → routes, host them on a gRPC server that reports NOT_SERVING, serve
 * its metrics, seed, then report SERVING. Anything that fails on the way undoes what was already
 * opened.
 */
export async function startDomainService<Extra>(
  identity: DomainServiceIdentity,
  options: DomainServiceOptions,
  compose: (scope: CompositionScope) => DomainComposition<Extra> | Promise<DomainComposition<Extra>>,
): Promise<RunningDomainService & Extra> {
  const { name } = identity;
  const { telemetry } = options;
  const logger = options.logger ?? createLogger(name, { level: options.logLevel ?? "info" });
  const cleanups: (() => unknown)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          logger.warn({ err: error }, `${name}: error while stopping`);
        }
      }
    })();
    return stopped;
  };
  // First in, so last out: the spans of everything stopped before it are still flushed.
  if (telemetry !== undefined) cleanups.push(() => telemetry.shutdown());
  const { trust } = options;
  if (trust?.mode === "insecure") {
    logger.warn(
      `${name}: GRPC_INSECURE=true: serving plaintext gRPC where callers are who they claim (x-caller) and user tokens are unsigned; anyone who can reach the port can act as any user (local development only)`,
    );
  }
  const tls = trust === undefined ? undefined : clientTlsOf(trust);
  try {
    const database = await openDatabase({
      service: name,
      migrationsDir: identity.migrationsDir,
      ...(identity.schemaPath !== undefined ? { schemaPath: identity.schemaPath } : {}),
      ...(options.databaseUrl !== undefined ? { url: options.databaseUrl } : {}),
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.onQuery !== undefined ? { onQuery: options.onQuery } : {}),
      ...(telemetry !== undefined ? { telemetry } : {}),
      inMemory: options.inMemory ?? false,
      poolSize: options.dbPoolSize ?? 10,
      migrate: options.migrateOnStart ?? true,
      logger,
    });
    cleanups.push(() => database.close());
    const composition = await compose({
      database,
      logger,
      ...(telemetry !== undefined ? { telemetry } : {}),
      ...(tls !== undefined ? { tls } : {}),
      onStop: (cleanup) => cleanups.push(cleanup),
    });
    const server: GrpcServer = await startGrpcServer({
      services: composition.services,
      port: options.port ?? 0,
      host: options.host ?? "127.0.0.1",
      logger,
      shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
      serving: false,
      ...(telemetry !== undefined ? { telemetry } : {}),
      ...(trust !== undefined ? { auth: trust } : {}),
      ...(options.healthPort !== undefined ? { healthPort: options.healthPort } : {}),
    });
    cleanups.push(() => server.shutdown());
    // Served while seeding already (a first start seeds for several seconds) and until the very end.
    const metricsPort = telemetry === undefined ? undefined : await telemetry.serveMetrics();
    let seeded: SeedReport | undefined;
    if ((options.seed ?? true) && composition.seed) {
      seeded = await composition.seed();
      logger.info(seeded, seeded.inserted > 0 ? "demo data seeded" : "demo data already present");
    }
    server.setServing(true);
    logger.info({ address: server.address, database: database.mode, ...(metricsPort === undefined ? {} : { metricsPort }) }, `${name} service serving`);
    return { ...composition.extra, port: server.port, address: server.address, healthPort: server.healthPort, metricsPort, databaseUrl: database.url, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
