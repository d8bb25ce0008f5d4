import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { repoRoot } from "../../src/db/index.js";

/** The fixture's Prisma files. */
export const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
export const fixtureSchemaPath = join(fixtureDir, "prisma", "schema.prisma");
export const fixtureMigrationsDir = join(fixtureDir, "prisma", "migrations");
export const fixtureMigrationName = "20260101000000_init";

/** A fixture note, as the generated client returns it. */
export interface Note {
  readonly id: string;
  readonly title: string;
  readonly createdAt: Date;
}

/** The slice of the fixture's generated PrismaClient these tests use. */
export interface FixtureClient {
  readonly note: {
    create(args: { data: { id: string; title: string } }): Promise<Note>;
    findMany(args?: { where?: { id?: { in: string[] } }; orderBy?: { id: "asc" | "desc" } }): Promise<Note[]>;
    count(): Promise<number>;
  };
  $disconnect(): Promise<void>;
}

let generated: Promise<void> | undefined;

/**
 * Generates the fixture's Prisma client (gitignored, under fixtures/generated/) once per test
 * process, then constructs one on `adapter`. Loaded dynamically so typechecking never depends on
 * generated files.
 */
export async function fixtureClient(adapter: SqlDriverAdapterFactory): Promise<FixtureClient> {
  generated ??= promisify(execFile)(process.execPath, [
    join(repoRoot, "scripts", "prisma-generate.mjs"),
    "--schema",
    fixtureSchemaPath,
  ]).then(() => undefined);
  await generated;
  const modulePath = join(fixtureDir, "generated", "client.ts");
  const module = (await import(modulePath)) as { PrismaClient: new (options: { adapter: SqlDriverAdapterFactory }) => FixtureClient };
  return new module.PrismaClient({ adapter });
}

/** A private copy of the fixture's prisma folder, removed by `remove()`. */
export async function copyFixture(): Promise<{ readonly dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "shop-db-fixture-"));
  await cp(join(fixtureDir, "prisma"), dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** UUIDs for notes: `noteId(1)` → 00000000-0000-7000-8000-000000000001. */
export function noteId(n: number): string {
  return `00000000-0000-7000-8000-${n.toString().padStart(12, "0")}`;
}
