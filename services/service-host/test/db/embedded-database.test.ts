import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, type Database, openDatabase, QueryCounter } from "../../src/db/index.js";
import { fixtureClient, fixtureMigrationName, fixtureMigrationsDir, noteId } from "./fixture.js";

async function appliedMigrationRows(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    return result.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

describe("embedded PGlite in memory", () => {
  const counter = new QueryCounter();
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase({
      service: "fixture",
      inMemory: true,
      migrationsDir: fixtureMigrationsDir,
      onQuery: counter.listener,
    });
  }, 120_000);
  afterAll(() => db?.close());

  it("when opened with migrate on, then the fixture migration is applied and recorded once", async () => {
    expect(db.mode).toBe("pglite");
    expect(db.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    expect(db.appliedMigrations).toEqual([fixtureMigrationName]);
    expect(await appliedMigrationRows(db.url)).toEqual([fixtureMigrationName]);
  });

  it("when migrations are applied again, then nothing is applied and the history is unchanged", async () => {
    const applied = await applyMigrations({ url: db.url, migrationsDir: fixtureMigrationsDir, lock: false });
    expect(applied).toEqual([]);
    expect(await appliedMigrationRows(db.url)).toEqual([fixtureMigrationName]);
  }, 60_000);

  it("when the generated client writes and reads through the adapter, then it sees its rows", async () => {
    const prisma = await fixtureClient(db.adapter);
    try {
      await prisma.note.create({ data: { id: noteId(1), title: "first" } });
      await prisma.note.create({ data: { id: noteId(2), title: "second" } });
      const notes = await prisma.note.findMany({ orderBy: { id: "asc" } });
      expect(notes.map((note) => note.title)).toEqual(["first", "second"]);
      expect(notes[0]?.createdAt).toBeInstanceOf(Date);
    } finally {
      await prisma.$disconnect();
    }
  }, 60_000);

  it("when a batch of ids is read with `in`, then the query counter sees exactly one statement", async () => {
    const prisma = await fixtureClient(db.adapter);
    try {
      await prisma.note.count(); // connect outside the counted part
      counter.reset();
      const notes = await prisma.note.findMany({ where: { id: { in: [noteId(1), noteId(2), noteId(3)] } } });
      expect(notes).toHaveLength(2);
      expect(counter.count).toBe(1);
      expect(counter.queries[0]?.sql).toMatch(/^SELECT .* IN \(\$1,\$2,\$3\)/);

      counter.reset();
      for (const id of [noteId(1), noteId(2)]) await prisma.note.findMany({ where: { id: { in: [id] } } });
      expect(counter.count).toBe(2);
    } finally {
      await prisma.$disconnect();
    }
  }, 60_000);
});

describe("embedded PGlite persisted in a data directory", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "shop-db-pglite-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("when a database is closed and reopened, then its rows and migration history survive", async () => {
    const first = await openDatabase({ service: "fixture", dataDir, migrationsDir: fixtureMigrationsDir });
    try {
      expect(first.appliedMigrations).toEqual([fixtureMigrationName]);
      const prisma = await fixtureClient(first.adapter);
      await prisma.note.create({ data: { id: noteId(7), title: "kept" } });
      await prisma.$disconnect();
    } finally {
      await first.close();
    }

    const second = await openDatabase({ service: "fixture", dataDir, migrationsDir: fixtureMigrationsDir });
    try {
      expect(second.appliedMigrations).toEqual([]);
      const prisma = await fixtureClient(second.adapter);
      const notes = await prisma.note.findMany();
      await prisma.$disconnect();
      expect(notes.map((note) => [note.id, note.title])).toEqual([[noteId(7), "kept"]]);
    } finally {
      await second.close();
    }
  }, 180_000);
});
