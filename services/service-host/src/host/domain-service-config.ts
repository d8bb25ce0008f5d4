import { bool, grpcTrustConfigSpec, int, LOG_LEVELS, oneOf, str, telemetryConfigSpec, url } from "@shop/grpc-runtime";

/**
 * The settings every domain service shares, keyed by its env prefix (`USERS`, `CATALOG`, …):
 * port, host, database (PostgreSQL URL or embedded PGlite data dir), pool, migrations at start,
 * demo seed, log level, shutdown grace, telemetry (the `/metrics` admin port and the standard
 * `OTEL_*` trace export variables), and transport trust (the `GRPC_TLS_*` files of mTLS or
 * `GRPC_INSECURE`, the caller rules, and the plaintext health port for probes). A service spreads
 * this into its own spec and adds its own keys, so the same setting has the same name, format and
 * default everywhere.
 */
export function domainServiceConfigSpec(options: {
  /** Env prefix, e.g. "USERS". */
  readonly prefix: string;
  /** Default gRPC port. */
  readonly port: number;
  /** Default port of the admin HTTP server that serves `GET /metrics` (the gRPC port cannot speak HTTP/1). */
  readonly metricsPort: number;
  /** Default port of the plaintext server with only grpc.health.v1 (probes cannot present a client certificate). */
  readonly healthPort: number;
  /** What the seed puts in an empty database, e.g. "the 1,000 demo users". */
  readonly seedDoc: string;
}) {
  const { prefix, port, metricsPort, healthPort, seedDoc } = options;
  const service = prefix.toLowerCase();
  return {
    port: { env: `${prefix}_PORT`, doc: "gRPC port (0 = a free port)", parse: int({ min: 0, max: 65_535 }), default: port },
    host: { env: `${prefix}_HOST`, doc: "Interface the gRPC server listens on", parse: str({ minLength: 1 }), default: "127.0.0.1" },
    healthPort: {
      env: `${prefix}_HEALTH_PORT`,
      doc: "Port of a plaintext server with only grpc.health.v1, on the same interface, for probes that cannot do mTLS (0 = a free port)",
      parse: int({ min: 0, max: 65_535 }),
      default: healthPort,
    },
    databaseUrl: {
      env: `${prefix}_DATABASE_URL`,
      doc: `PostgreSQL URL of the ${service} database; unset = embedded PGlite under ${prefix}_DATA_DIR`,
      // May carry a password: marked secret so it is never printed.
      parse: { ...url({ protocols: ["postgres:", "postgresql:"] }), secret: true },
      optional: true,
      // The embedded database lives on the local disk of one process: fine for a laptop, silent
      // data loss in a container. Production must name its PostgreSQL.
      production: { required: "embedded PGlite is for development only; set a PostgreSQL URL" },
    },
    dataDir: {
      env: `${prefix}_DATA_DIR`,
      doc: `PGlite data directory (embedded mode only); unset = <repo>/.data/${service}/`,
      parse: str({ minLength: 1 }),
      optional: true,
    },
    dbPoolSize: {
      env: `${prefix}_DB_POOL_SIZE`,
      doc: "PostgreSQL connection pool size (PGlite always uses 1)",
      parse: int({ min: 1, max: 200 }),
      default: 10,
    },
    migrateOnStart: {
      env: `${prefix}_MIGRATE_ON_START`,
      doc: "Apply pending migrations at start, under an advisory lock",
      parse: bool(),
      default: true,
    },
    // Off in production unless asked for: an empty production database must not get the demo login.
    seed: {
      env: `${prefix}_SEED`,
      doc: `Seed ${seedDoc} when the database is empty`,
      parse: bool(),
      default: true,
      production: { default: false },
    },
    logLevel: { env: "LOG_LEVEL", doc: "Log level", parse: oneOf(LOG_LEVELS), default: "info" as const },
    shutdownGraceMs: {
      env: "SHUTDOWN_GRACE_MS",
      doc: "How long in-flight calls may finish on SIGTERM before they are cut",
      parse: int({ min: 0, max: 600_000 }),
      default: 10_000,
    },
    ...telemetryConfigSpec({ prefix, metricsPort, name: service }),
    ...grpcTrustConfigSpec(),
  } as const;
}
