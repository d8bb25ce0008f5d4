import { bool, int, loadConfig, oneOf, str, url, type ConfigOf } from "@shop/platform";

/** Every setting of the catalog service: its environment variable, meaning, format and default. */
export const catalogConfigSpec = {
  port: { env: "CATALOG_PORT", doc: "gRPC port (0 = a free port)", parse: int({ min: 0, max: 65_535 }), default: 50062 },
  host: { env: "CATALOG_HOST", doc: "Interface the gRPC server listens on", parse: str({ minLength: 1 }), default: "127.0.0.1" },
  databaseUrl: {
    env: "CATALOG_DATABASE_URL",
    doc: "PostgreSQL URL of the catalog database; unset = embedded PGlite under CATALOG_DATA_DIR",
    // May carry a password: never printed.
    parse: { ...url({ protocols: ["postgres:", "postgresql:"] }), secret: true },
    optional: true,
  },
  dataDir: { env: "CATALOG_DATA_DIR", doc: "PGlite data directory (embedded mode only)", parse: str({ minLength: 1 }), default: ".data/catalog" },
  dbPoolSize: { env: "CATALOG_DB_POOL_SIZE", doc: "PostgreSQL connection pool size (PGlite always uses 1)", parse: int({ min: 1, max: 200 }), default: 10 },
  migrateOnStart: { env: "CATALOG_MIGRATE_ON_START", doc: "Apply pending migrations at start, under an advisory lock", parse: bool(), default: true },
  seed: { env: "CATALOG_SEED", doc: "Seed the 5,000 demo products when the products table is empty", parse: bool(), default: true },
  logLevel: {
    env: "LOG_LEVEL",
    doc: "Log level",
    parse: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const),
    default: "info" as const,
  },
  shutdownGraceMs: { env: "SHUTDOWN_GRACE_MS", doc: "How long in-flight calls may finish on SIGTERM", parse: int({ min: 0, max: 600_000 }), default: 10_000 },
} as const;

/** The parsed configuration of the catalog service. */
export type CatalogConfig = ConfigOf<typeof catalogConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` and `seed-command.ts` call this). */
export function loadCatalogConfig(env: Record<string, string | undefined>): CatalogConfig {
  return loadConfig(catalogConfigSpec, env);
}
