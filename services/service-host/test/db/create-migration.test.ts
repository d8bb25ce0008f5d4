import { existsSync } from "node:fs";
import { appendFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMigration, migrationNames, migrationTimestamp } from "../../src/db/index.js";
import { copyFixture, fixtureMigrationName } from "./fixture.js";

describe("createMigration", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it("when the schema gains a model, then a timestamped migration with its SQL is written, and a second run returns null", async () => {
    const fixture = await copyFixture();
    cleanups.push(fixture.remove);
    const schemaPath = join(fixture.dir, "schema.prisma");
    const migrationsDir = join(fixture.dir, "migrations");
    await appendFile(
      schemaPath,
      '\nmodel Tag {\n  id    String @id @db.Uuid\n  label String @unique @db.VarChar(40)\n\n  @@map("tags")\n}\n',
    );
    const now = new Date(Date.UTC(2026, 10, 22, 9, 8, 7));

    const created = await createMigration({ name: "add_tags", schemaPath, migrationsDir, now });

    expect(created).toBe(join(migrationsDir, "20261122090807_add_tags", "migration.sql"));
    const sql = await readFile(created!, "utf8");
    expect(sql).toContain('CREATE TABLE "tags"');
    expect(sql).toContain('CREATE UNIQUE INDEX "tags_label_key"');
    expect(sql).not.toContain('"notes"'); // already created by the existing migration
    expect(await migrationNames(migrationsDir)).toEqual([fixtureMigrationName, "20261122090807_add_tags"]);

    const again = await createMigration({ name: "add_tags_again", schemaPath, migrationsDir });
    expect(again).toBeNull();
    expect((await readdir(migrationsDir)).sort()).toEqual([
      fixtureMigrationName,
      "20261122090807_add_tags",
      "migration_lock.toml",
    ]);
  }, 180_000);

  it("when the folder is empty, then the first migration creates everything and migration_lock.toml", async () => {
    const fixture = await copyFixture();
    cleanups.push(fixture.remove);
    const emptyDir = join(fixture.dir, "fresh-migrations");
    const created = await createMigration({ name: "init", schemaPath: join(fixture.dir, "schema.prisma"), migrationsDir: emptyDir });
    expect(created).not.toBeNull();
    expect(await readFile(created!, "utf8")).toContain('CREATE TABLE "notes"');
    expect(await readFile(join(emptyDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  }, 120_000);

  it("when the name is not snake_case letters and digits, then it is refused before anything is written", async () => {
    const fixture = await copyFixture();
    cleanups.push(fixture.remove);
    await expect(
      createMigration({ name: "../evil", schemaPath: join(fixture.dir, "schema.prisma"), migrationsDir: join(fixture.dir, "m") }),
    ).rejects.toThrow(/migration name/);
    expect(existsSync(join(fixture.dir, "m"))).toBe(false);
  });

  it("when a timestamp is formatted, then it is Prisma's UTC YYYYMMDDHHMMSS", () => {
    expect(migrationTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe("20260102030405");
  });
});
