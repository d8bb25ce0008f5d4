import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { migrationLockFileName, postgresMigrationLock, readMigrationsFolder } from "./migrations-folder.js";
import { MigrationAdapterFactory } from "./migration-adapter-factory.js";
import { withSchemaEngine } from "./schema-engine.js";

/** What `createMigration` needs. */
export interface CreateMigrationOptions {
  /** A short snake_case name, e.g. `add_user_avatar`; the folder gets a timestamp prefix. */
  readonly name: string;
  /** The service's `schema.prisma` (formatted one declaration per line, as `prisma format` writes it). */
  readonly schemaPath: string;
  /** The Prisma migrations folder to add the migration to. */
  readonly migrationsDir: string;
  /** Receives the schema engine's log lines (JSON). */
  readonly onLog?: (line: string) => void;
  /** The time that names the folder. @default new Date() */
  readonly now?: Date;
}

/** Prisma's migration folder prefix: UTC `YYYYMMDDHHMMSS`. */
export function migrationTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Like `prisma migrate dev --create-only`: replays the migrations already in the folder on a scratch
 * in-memory PGlite, diffs the result against the schema, and writes
 * `<migrationsDir>/<timestamp>_<name>/migration.sql` (and `migration_lock.toml` if missing). Returns
 * the path of the new `migration.sql`, or null when the schema has no changes.
 */
export async function createMigration(options: CreateMigrationOptions): Promise<string | null> {
  if (!/^[A-Za-z0-9_]+$/.test(options.name)) {
    throw new Error(`migration name must be letters, digits and underscores: ${JSON.stringify(options.name)}`);
  }
  const schemaPath = resolve(options.schemaPath);
  const schema = await readFile(schemaPath, "utf8");
  const migrationsList = await readMigrationsFolder(options.migrationsDir);
  const adapterFactory = new MigrationAdapterFactory();
  try {
    // `createMigration` of the WASM engine wants a shadow database it cannot reach through an adapter;
    // `diff` from the migrations folder (replayed on the factory's shadow database) to the schema
    // does the same work, and `exitCode` tells an empty diff (0) from changes (2).
    const result = await withSchemaEngine(
      { schema, schemaPath, adapterFactory, ...(options.onLog === undefined ? {} : { onLog: options.onLog }) },
      (engine) =>
        engine.diff({
          from: { tag: "migrations", ...migrationsList },
          to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
          script: true,
          exitCode: true,
          filters: { externalTables: [], externalEnums: [] },
        }),
    );
    if (result.exitCode === 0 || result.stdout === null) return null;
    const dir = join(migrationsList.baseDir, `${migrationTimestamp(options.now ?? new Date())}_${options.name}`);
    if (existsSync(dir)) throw new Error(`migration folder already exists: ${dir}`);
    await mkdir(dir, { recursive: true });
    const sqlPath = join(dir, "migration.sql");
    await writeFile(sqlPath, result.stdout);
    const lockPath = join(migrationsList.baseDir, migrationLockFileName);
    if (!existsSync(lockPath)) await writeFile(lockPath, postgresMigrationLock);
    return sqlPath;
  } finally {
    await adapterFactory.close();
  }
}
