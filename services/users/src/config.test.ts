import { describe, expect, it } from "vitest";
import { ConfigError } from "@shop/grpc-runtime";
import { loadUsersConfig } from "./config.js";

describe("users config", () => {
  it("when nothing is set, then the documented defaults apply (port 50061, embedded PGlite, migrate and seed)", () => {
    expect(loadUsersConfig({})).toEqual({
      port: 50061,
      host: "127.0.0.1",
      databaseUrl: undefined,
      dataDir: undefined,
      dbPoolSize: 10,
      migrateOnStart: true,
      seed: true,
      logLevel: "info",
      shutdownGraceMs: 10_000,
    });
  });

  it("when variables are set, then they are parsed", () => {
    const config = loadUsersConfig({
      USERS_PORT: "0",
      USERS_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/users",
      USERS_DB_POOL_SIZE: "4",
      USERS_MIGRATE_ON_START: "false",
      USERS_SEED: "no",
      LOG_LEVEL: "warn",
    });
    expect(config).toMatchObject({ port: 0, databaseUrl: "postgres://postgres@127.0.0.1:5432/users", dbPoolSize: 4, migrateOnStart: false, seed: false, logLevel: "warn" });
  });

  it("when a value is invalid, then a ConfigError names it without echoing the database URL", () => {
    expect(() => loadUsersConfig({ USERS_PORT: "70000" })).toThrow(ConfigError);
    expect(() => loadUsersConfig({ USERS_PORT: "70000" })).toThrow(/USERS_PORT/);
    let message = "";
    try {
      loadUsersConfig({ USERS_DATABASE_URL: "mysql://root:hunter2@db/users" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/USERS_DATABASE_URL/);
    expect(message).not.toContain("hunter2");
  });
});
