import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createTestPostgresDatabase,
  openDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
  withAdvisoryLock,
} from "../../src/db/index.js";
import { copyFixture, fixtureClient, fixtureMigrationName, fixtureMigrationsDir, noteId } from "./fixture.js";

const available = await postgresAvailable();
if (!available) console.warn("SKIPPED: no PostgreSQL answers at 127.0.0.1:5432; PostgreSQL-mode db tests skipped");

/** Sessions other than this query's own that are connected to the database at `url`. */
async function otherSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

async function migrationRows(url: string): Promise<{ name: string; count: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ migration_name: string; count: string }>(
      "SELECT migration_name, count(*) AS count FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY migration_name ORDER BY migration_name",
    );
    return result.rows.map((row) => ({ name: row.migration_name, count: Number(row.count) }));
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)("PostgreSQL mode (127.0.0.1:5432)", () => {
  const databases: TestPostgresDatabase[] = [];
  const fresh = async () => {
    const database = await createTestPostgresDatabase({ prefix: "platform_db" });
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it("when opened with a URL, then migrations are applied and the generated client reads and writes", async () => {
    const database = await fresh();
    const db = await openDatabase({ service: "fixture", url: database.url, poolSize: 3, migrationsDir: fixtureMigrationsDir });
    try {
      expect(db.mode).toBe("postgres");
      expect(db.appliedMigrations).toEqual([fixtureMigrationName]);
      const prisma = await fixtureClient(db.adapter);
      await prisma.note.create({ data: { id: noteId(1), title: "on postgres" } });
      expect((await prisma.note.findMany()).map((note) => note.title)).toEqual(["on postgres"]);
      await prisma.$disconnect();
    } finally {
      await db.close();
    }
    const reopened = await openDatabase({ service: "fixture", url: database.url, migrationsDir: fixtureMigrationsDir });
    expect(reopened.appliedMigrations).toEqual([]);
    await reopened.close();
  }, 120_000);

  it("when two instances apply the same migrations concurrently, then both succeed and each migration is applied once", async () => {
    const fixture = await copyFixture();
    try {
      const migrationsDir = join(fixture.dir, "migrations");
      const second = join(migrationsDir, "20260102000000_add_body");
      await mkdir(second);
      await writeFile(join(second, "migration.sql"), 'ALTER TABLE "notes" ADD COLUMN "body" TEXT NOT NULL DEFAULT \'\';\n');
      const database = await fresh();

      const results = await Promise.all([
        applyMigrations({ url: database.url, migrationsDir }),
        applyMigrations({ url: database.url, migrationsDir }),
        applyMigrations({ url: database.url, migrationsDir }),
      ]);

      // One run applied everything; the others, serialized behind the lock, found nothing to do.
      expect(results.flat().sort()).toEqual([fixtureMigrationName, "20260102000000_add_body"]);
      expect(results.filter((names) => names.length > 0)).toHaveLength(1);
      expect(await migrationRows(database.url)).toEqual([
        { name: fixtureMigrationName, count: 1 },
        { name: "20260102000000_add_body", count: 1 },
      ]);
      // The engine's connections hold PostgreSQL's session-level migration lock: none may outlive a run.
      expect(await otherSessions(database.url)).toBe(0);
    } finally {
      await fixture.remove();
    }
  }, 180_000);

  it("when two callers hold the migration lock, then their critical sections never overlap", async () => {
    const database = await fresh();
    const events: string[] = [];
    const section = (who: string) =>
      withAdvisoryLock({ url: database.url }, async () => {
        events.push(`${who}:in`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        events.push(`${who}:out`);
      });
    await Promise.all([section("a"), section("b")]);
    expect(events).toHaveLength(4);
    expect(events[0]?.endsWith(":in")).toBe(true);
    expect(events[1]).toBe(events[0]?.replace(":in", ":out"));
  }, 60_000);

  it("when a test database is dropped, then it no longer exists on the server", async () => {
    const database = await createTestPostgresDatabase({ prefix: "platform_db_drop" });
    await database.drop();
    const client = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await client.connect();
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database.name]);
    await client.end();
    expect(result.rowCount).toBe(0);
  });
});

describe("postgresAvailable", () => {
  it("when nothing listens on the given address, then it answers false quickly", async () => {
    const started = Date.now();
    expect(await postgresAvailable("postgres://postgres@127.0.0.1:1/postgres", 1_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
