import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Telemetry } from "@shop/grpc-runtime";
import pg from "pg";
import { applyMigrations } from "./apply-migrations.js";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";
import { defaultDataDir } from "./paths.js";
import { observeQueries, type QueryListener } from "./query-observer.js";
import { instrumentQueries } from "./query-telemetry.js";

/** The little a database needs of a logger (pino's `Logger` fits). */
export interface DbLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

/** How to open a service's database. */
export interface OpenDatabaseOptions {
  /** The service that owns the database, e.g. `"users"`; names the default data dir and log lines. */
  readonly service: string;
  /** A PostgreSQL URL (e.g. from `USERS_DATABASE_URL`); absent → embedded PGlite. */
  readonly url?: string;
  /** PGlite data directory. @default `<repo>/.data/<service>/` */
  readonly dataDir?: string;
  /** PGlite in memory, nothing persisted (tests). Ignored with `url`. @default false */
  readonly inMemory?: boolean;
  /** PostgreSQL pool size. PGlite is one session, so its pool is always 1. @default 10 */
  readonly poolSize?: number;
  /** The service's Prisma migrations folder (`services/<service>/prisma/migrations`). */
  readonly migrationsDir: string;
  /** The service's `schema.prisma` (optional; applying migrations needs only the provider). */
  readonly schemaPath?: string;
  /** Apply pending migrations at open, under a PostgreSQL advisory lock. @default true */
  readonly migrate?: boolean;
  /** Sees every SQL statement Prisma runs through `adapter` (see `QueryCounter`). */
  readonly onQuery?: QueryListener;
  /**
   * Where every statement's duration goes (`shop_db_query_duration_seconds` by statement kind and
   * table), and its span when it runs for a traced request; the pool's state is reported at each
   * scrape. None = statements run unwrapped.
   */
  readonly telemetry?: Telemetry;
  readonly logger?: DbLogger;
}

/** An open database: hand `adapter` to the service's generated `PrismaClient`. */
export interface Database {
  /** `"pglite"` (embedded) or `"postgres"` (a server given by URL). */
  readonly mode: "pglite" | "postgres";
  /** A `postgres://` URL of the database (pglite-socket's local port in embedded mode). */
  readonly url: string;
  /** Pass to `new PrismaClient({ adapter })`; all clients share one pool of `poolSize` connections. */
  readonly adapter: SqlDriverAdapterFactory;
  /** Migrations applied by this open (empty when up to date or when `migrate` was false). */
  readonly appliedMigrations: readonly string[];
  /** Ends the pool, then stops the socket server and closes PGlite. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the database of a service: real PostgreSQL when `url` is given, otherwise PGlite (persisted
 * under `dataDir`, or in memory) served on a free local port, so the same adapter, SQL and
 * migrations serve both modes. Applies pending migrations first unless `migrate` is false.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = options.url === undefined;
  let server: EmbeddedPostgres | undefined;
  if (embedded) {
    const dataDir = options.inMemory === true ? undefined : (options.dataDir ?? defaultDataDir(options.service));
    server = await startEmbeddedPostgres(dataDir === undefined ? {} : { dataDir });
    options.logger?.info({ service: options.service, dataDir: dataDir ?? "memory" }, "embedded PGlite started");
  }
  const url = options.url ?? server!.url;
  const poolSize = embedded ? 1 : Math.max(1, Math.trunc(options.poolSize ?? 10));
  let pool: pg.Pool | undefined;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      try {
        await pool?.end();
      } finally {
        await server?.close();
      }
    })();
    return closed;
  };

  try {
    let appliedMigrations: string[] = [];
    if (options.migrate !== false) {
      appliedMigrations = await applyMigrations({
        url,
        migrationsDir: options.migrationsDir,
        ...(options.schemaPath === undefined ? {} : { schemaPath: options.schemaPath }),
        // PGlite has exactly one owner (this process), so there is nobody to race with.
        lock: !embedded,
      });
      options.logger?.info({ service: options.service, applied: appliedMigrations }, "database migrations applied");
    }
    pool = new pg.Pool({ connectionString: url, max: poolSize });
    pool.on("error", (error) => {
      options.logger?.warn({ service: options.service, err: error }, "idle database connection failed");
    });
    let adapter: SqlDriverAdapterFactory = new PrismaPg(pool);
    if (options.telemetry !== undefined) {
      adapter = instrumentQueries(adapter, options.telemetry);
      const watched = pool;
      options.telemetry.metrics.watchPool(() => ({
        inUse: watched.totalCount - watched.idleCount,
        idle: watched.idleCount,
        waiting: watched.waitingCount,
        max: poolSize,
      }));
    }
    if (options.onQuery !== undefined) adapter = observeQueries(adapter, options.onQuery);
    return { mode: embedded ? "pglite" : "postgres", url, adapter, appliedMigrations, close };
  } catch (error) {
    await close();
    throw error;
  }
}
