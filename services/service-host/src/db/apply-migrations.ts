import { readFile } from "node:fs/promises";
import { withAdvisoryLock } from "./advisory-lock.js";
import { MigrationAdapterFactory } from "./migration-adapter-factory.js";
import { readMigrationsFolder } from "./migrations-folder.js";
import { providerOnlySchema, withSchemaEngine } from "./schema-engine.js";

/** What `applyMigrations` needs. */
export interface ApplyMigrationsOptions {
  /** The database, as a `postgres://` URL. */
  readonly url: string;
  /** The Prisma migrations folder (`<dir>/<name>/migration.sql`). */
  readonly migrationsDir: string;
  /** The service's `schema.prisma`; optional (applying needs only the provider). */
  readonly schemaPath?: string;
  /**
   * Hold a PostgreSQL advisory lock while applying, so concurrent starts apply each migration once.
   * Embedded PGlite has a single owner and skips it.
   * @default true
   */
  readonly lock?: boolean;
  /** How long to wait for another instance's migration run, in ms. @default 120_000 */
  readonly lockTimeoutMs?: number;
  /** Receives the schema engine's log lines (JSON). */
  readonly onLog?: (line: string) => void;
}

/**
 * Applies the pending migrations of `migrationsDir` to the database at `url` (like
 * `prisma migrate deploy`), recording them in `_prisma_migrations`. Returns the names just applied
 * (empty when the database was up to date).
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const run = async () => {
    const migrationsList = await readMigrationsFolder(options.migrationsDir);
    if (migrationsList.migrationDirectories.length === 0) return [];
    const schema = options.schemaPath === undefined ? providerOnlySchema : await readFile(options.schemaPath, "utf8");
    const adapterFactory = new MigrationAdapterFactory(options.url);
    const output = await withSchemaEngine(
      {
        schema,
        schemaPath: options.schemaPath ?? "schema.prisma",
        adapterFactory,
        ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
      },
      (engine) => engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } }),
    ).finally(() => adapterFactory.close());
    return output.appliedMigrationNames;
  };
  if (options.lock === false) return run();
  return withAdvisoryLock(
    { url: options.url, ...(options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs }) },
    run,
  );
}
