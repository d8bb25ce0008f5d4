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
      metricsPort: 9463,
      serviceName: "orders",
      otlpEndpoint: undefined,
    });
  });

  it("when ORDERS_METRICS_PORT or an OTEL_* variable is hostile, then loading fails naming it", () => {
    expect(() => loadOrdersConfig({ ORDERS_METRICS_PORT: "0x10" })).toThrow(/ORDERS_METRICS_PORT/);
    expect(() => loadOrdersConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "javascript:alert(1)" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadOrdersConfig({ OTEL_TRACES_SAMPLER: "parentbased_sometimes" })).toThrow(/OTEL_TRACES_SAMPLER/);
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

  it("when the catalog is one Kubernetes headless Service, then a single dns:/// target is accepted", () => {
    expect(loadOrdersConfig({ CATALOG_TARGETS: "dns:///catalog:50062" }).catalogTargets).toEqual(["dns:///catalog:50062"]);
  });

  it.each([
    ["a dns:/// target among others", "dns:///catalog:50062,10.0.0.1:50062"],
    ["several DNS names (cannot be balanced as one set)", "catalog-a:50062,catalog-b:50062"],
    ["no port", "10.0.0.1"],
    ["port 0", "10.0.0.1:0"],
    ["port out of range", "10.0.0.1:70000"],
    ["a scheme other than dns", "unix:///tmp/catalog.sock"],
    ["only commas", ",,"],
  ])("when CATALOG_TARGETS has %s, then loading fails naming CATALOG_TARGETS", (_what, value) => {
    expect(() => loadOrdersConfig({ CATALOG_TARGETS: value })).toThrow(/CATALOG_TARGETS/);
  });

  it("when NODE_ENV=production and no database URL is set, then loading refuses (no silent embedded PGlite)", () => {
    expect(() => loadOrdersConfig({ NODE_ENV: "production" })).toThrow(
      /ORDERS_DATABASE_URL \(databaseUrl\): is required when NODE_ENV=production/,
    );
  });

  it("when NODE_ENV=production, then demo seeding is off unless ORDERS_SEED asks for it", () => {
    const env = {
      NODE_ENV: "production",
      ORDERS_DATABASE_URL: "postgres://db.internal:5432/orders",
      // Production also requires the mTLS files (not read while the configuration is parsed).
      GRPC_TLS_CA_FILE: "/etc/shop/tls/ca.pem",
      GRPC_TLS_CERT_FILE: "/etc/shop/tls/orders.pem",
      GRPC_TLS_KEY_FILE: "/etc/shop/tls/orders-key.pem",
    };
    expect(loadOrdersConfig(env).seed).toBe(false);
    expect(loadOrdersConfig({ ...env, ORDERS_SEED: "true" }).seed).toBe(true);
  });
});
