import { describe, expect, it } from "vitest";
import { ConfigError } from "@shop/grpc-runtime";
import { loadOrdersConfig } from "./config.js";

describe("orders config", () => {
  it("when nothing is set, then the documented defaults apply (PGlite, port 50063, catalog on 50062)", () => {
    const config = loadOrdersConfig({});
    expect(config).toMatchObject({
      port: 50063,
      host: "127.0.0.1",
      databaseUrl: undefined,
      dbPoolSize: 10,
      migrateOnStart: true,
      seed: true,
      catalogTargets: ["127.0.0.1:50062"],
      logLevel: "info",
      shutdownGraceMs: 10_000,
    });
  });

  it("when variables are set, then they are parsed (comma-separated catalog targets, booleans, numbers)", () => {
    const config = loadOrdersConfig({
      ORDERS_PORT: "0",
      ORDERS_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/orders",
      ORDERS_DB_POOL_SIZE: "4",
      ORDERS_SEED: "false",
      CATALOG_TARGETS: "10.0.0.1:50062,10.0.0.2:50062",
    });
    expect(config.port).toBe(0);
    expect(config.databaseUrl).toBe("postgres://postgres@127.0.0.1:5432/orders");
    expect(config.dbPoolSize).toBe(4);
    expect(config.seed).toBe(false);
    expect(config.catalogTargets).toEqual(["10.0.0.1:50062", "10.0.0.2:50062"]);
  });

  it("when a variable is invalid, then loading throws a ConfigError naming it", () => {
    expect(() => loadOrdersConfig({ ORDERS_PORT: "70000" })).toThrow(ConfigError);
    expect(() => loadOrdersConfig({ ORDERS_PORT: "70000" })).toThrow(/ORDERS_PORT/);
  });
});
