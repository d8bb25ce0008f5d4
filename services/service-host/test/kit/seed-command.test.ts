import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runSeedCommand } from "../../src/kit/seed-command.js";
import { seedWhenEmpty } from "../../src/kit/seed-report.js";
import { fixtureMigrationsDir, fixtureSchemaPath } from "../db/fixture.js";

describe("seedWhenEmpty", () => {
  it("when the store is empty, then insert runs and its count is reported; otherwise nothing runs", async () => {
    let inserts = 0;
    const insert = async () => {
      inserts++;
      return 7;
    };
    expect(await seedWhenEmpty(async () => true, insert)).toMatchObject({ inserted: 7 });
    const again = await seedWhenEmpty(async () => false, insert);
    expect(again.inserted).toBe(0);
    expect(Number.isInteger(again.ms)).toBe(true);
    expect(inserts).toBe(1);
  });
});

describe("runSeedCommand", () => {
  let dataDir = "";
  afterAll(async () => {
    if (dataDir !== "") await rm(dataDir, { recursive: true, force: true });
  });

  it("when run twice on a fresh data dir, then it migrates, seeds once and prints one JSON line {service, inserted, ms, database} each time", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "seed-command-"));
    const lines: string[] = [];
    const run = () =>
      runSeedCommand({
        service: { name: "notes", migrationsDir: fixtureMigrationsDir, schemaPath: fixtureSchemaPath },
        config: { dataDir, dbPoolSize: 1, logLevel: "silent" },
        out: { write: (text: string) => lines.push(text) },
        seed: async ({ database, onStop }) => {
          const sql = new pg.Client({ connectionString: database.url });
          await sql.connect();
          onStop(() => sql.end());
          return seedWhenEmpty(
            async () => (await sql.query<{ n: string }>("SELECT count(*) AS n FROM notes")).rows[0]?.n === "0",
            async () => (await sql.query("INSERT INTO notes (id, title) VALUES (gen_random_uuid(), 'a'), (gen_random_uuid(), 'b')")).rowCount ?? 0,
          );
        },
      });
    const first = await run();
    const second = await run();
    expect(first).toMatchObject({ service: "notes", inserted: 2, database: "pglite" });
    expect(second).toMatchObject({ service: "notes", inserted: 0, database: "pglite" });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.endsWith("\n")).toBe(true);
      expect(Object.keys(JSON.parse(line) as object)).toEqual(["service", "inserted", "ms", "database"]);
    }
    expect(JSON.parse(lines[0]!)).toEqual(first);
  }, 60_000);
});
