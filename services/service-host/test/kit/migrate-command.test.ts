import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@shop/grpc-runtime";
import { runMigrateCommand } from "../../src/kit/migrate-command.js";
import { fixtureMigrationsDir, fixtureSchemaPath } from "../db/fixture.js";

const service = { name: "notes", migrationsDir: fixtureMigrationsDir, schemaPath: fixtureSchemaPath };

/** Runs the command with captured output; returns what it printed and the exit code it set. */
async function run(loadConfig: () => { databaseUrl?: string }): Promise<{ out: string; err: string; exitCode: typeof process.exitCode }> {
  let out = "";
  let err = "";
  await runMigrateCommand({ service, loadConfig, out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
  return { out, err, exitCode: process.exitCode };
}

describe("runMigrateCommand", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("when no database URL is configured, then it prints why and sets exit code 1 without touching anything", async () => {
    const result = await run(() => ({}));
    expect(result).toEqual({ out: "", err: "notes migrations failed: NOTES_DATABASE_URL is not set (an embedded database migrates when its service starts)\n", exitCode: 1 });
  });

  it("when the configuration is invalid, then the ConfigError's message is printed and exit code 1 set", async () => {
    const result = await run(() => {
      throw new ConfigError([{ key: "databaseUrl", env: "NOTES_DATABASE_URL", problem: "is required when NODE_ENV=production" }]);
    });
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain("NOTES_DATABASE_URL (databaseUrl): is required when NODE_ENV=production");
  });

  it("when the database does not answer, then it fails with the reason and exit code 1 (no hang)", async () => {
    const result = await run(() => ({ databaseUrl: "postgres://postgres@127.0.0.1:1/none" }));
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/^notes migrations failed: .+/);
    expect(result.out).toBe("");
  }, 30_000);
});
