import { bool, int, list, loadConfig, oneOf, secret, str, type ConfigOf } from "@shop/platform";

/** Every setting of the orders service: its environment variable, meaning and default. */
export const ordersConfigSpec = {
  port: { env: "ORDERS_PORT", doc: "gRPC port (0 = a free port)", parse: int({ min: 0, max: 65535 }), default: 50063 },
  host: { env: "ORDERS_HOST", doc: "address to listen on", parse: str({ minLength: 1 }), default: "127.0.0.1" },
  databaseUrl: {
    env: "ORDERS_DATABASE_URL",
    doc: "PostgreSQL URL of the orders database; unset = embedded PGlite",
    parse: secret(),
    optional: true,
  },
  dataDir: { env: "ORDERS_DATA_DIR", doc: "PGlite data directory (default .data/orders/)", parse: str({ minLength: 1 }), optional: true },
  poolSize: { env: "ORDERS_DB_POOL_SIZE", doc: "PostgreSQL pool size (PGlite always uses 1)", parse: int({ min: 1, max: 100 }), default: 10 },
  migrateOnStart: { env: "ORDERS_MIGRATE_ON_START", doc: "apply pending migrations at start", parse: bool(), default: true },
  seed: { env: "ORDERS_SEED", doc: "seed the demo orders when the database has none", parse: bool(), default: true },
  catalogTargets: {
    env: "CATALOG_TARGETS",
    doc: "catalog service address(es), comma-separated host:port",
    parse: list(str({ minLength: 1 })),
    default: ["127.0.0.1:50062"],
  },
  logLevel: {
    env: "LOG_LEVEL",
    doc: "log level",
    parse: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"]),
    default: "info",
  },
  shutdownGraceMs: { env: "SHUTDOWN_GRACE_MS", doc: "how long in-flight calls may finish at shutdown", parse: int({ min: 0 }), default: 10_000 },
} as const;

/** The parsed configuration. */
export type OrdersConfig = ConfigOf<typeof ordersConfigSpec>;

/** Reads the configuration from `env` once; throws a ConfigError naming every bad key. */
export function loadOrdersConfig(env?: Record<string, string | undefined>): OrdersConfig {
  return loadConfig(ordersConfigSpec, env);
}
