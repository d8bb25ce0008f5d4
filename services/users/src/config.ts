import { bool, int, loadConfig, oneOf, str, url, type ConfigOf } from "@shop/platform";

/** Every setting of the users service: its environment variable, meaning, format and default. */
export const usersConfigSpec = {
  port: { env: "USERS_PORT", doc: "gRPC port (0 = a free port)", parse: int({ min: 0, max: 65_535 }), default: 50061 },
  host: { env: "USERS_HOST", doc: "Interface the gRPC server listens on", parse: str({ minLength: 1 }), default: "127.0.0.1" },
  databaseUrl: {
    env: "USERS_DATABASE_URL",
    doc: "PostgreSQL URL of the users database; unset = embedded PGlite under USERS_DATA_DIR",
    // May carry a password: marked secret so it is never printed.
    parse: { ...url({ protocols: ["postgres:", "postgresql:"] }), secret: true },
    optional: true,
  },
  dataDir: {
    env: "USERS_DATA_DIR",
    doc: "PGlite data directory (embedded mode only); unset = <repo>/.data/users/",
    parse: str({ minLength: 1 }),
    optional: true,
  },
  dbPoolSize: { env: "USERS_DB_POOL_SIZE", doc: "PostgreSQL connection pool size (PGlite always uses 1)", parse: int({ min: 1, max: 200 }), default: 10 },
  migrateOnStart: { env: "USERS_MIGRATE_ON_START", doc: "Apply pending migrations at start, under an advisory lock", parse: bool(), default: true },
  seed: { env: "USERS_SEED", doc: "Seed the 1,000 demo users when the users table is empty", parse: bool(), default: true },
  logLevel: {
    env: "LOG_LEVEL",
    doc: "Log level",
    parse: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const),
    default: "info" as const,
  },
  shutdownGraceMs: { env: "SHUTDOWN_GRACE_MS", doc: "How long in-flight calls may finish on SIGTERM", parse: int({ min: 0, max: 600_000 }), default: 10_000 },
} as const;

/** The parsed configuration of the users service. */
export type UsersConfig = ConfigOf<typeof usersConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` calls this). */
export function loadUsersConfig(env: Record<string, string | undefined>): UsersConfig {
  return loadConfig(usersConfigSpec, env);
}
