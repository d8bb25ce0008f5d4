import { describe, expect, it } from "vitest";
import { ConfigError } from "@shop/grpc-runtime";
import { loadUsersConfig } from "./config.js";

describe("users config", () => {
  it("when nothing is set, then the documented defaults apply (port 50061, embedded PGlite, migrate and seed, metrics on 9461, tracing off)", () => {
    expect(loadUsersConfig({})).toEqual({
      port: 50061,
      host: "127.0.0.1",
      healthPort: 50071,
      databaseUrl: undefined,
      dataDir: undefined,
      dbPoolSize: 10,
      migrateOnStart: true,
      seed: true,
      logLevel: "info",
      shutdownGraceMs: 10_000,
      metricsPort: 9461,
      metricsHost: "127.0.0.1",
      otlpEndpoint: undefined,
      otlpTracesEndpoint: undefined,
      otlpHeaders: undefined,
      serviceName: "users",
      sampler: "parentbased_always_on",
      samplerArg: 1,
      sdkDisabled: false,
      exportDelayMs: 5_000,
      grpcTlsCaFile: undefined,
      grpcTlsCertFile: undefined,
      grpcTlsKeyFile: undefined,
      grpcInsecure: false,
      grpcPrivilegedCallers: ["jobs"],
      grpcUserAsserters: ["bff-web", "bff-mobile"],
      sessionIdleSeconds: 1_209_600,
      sessionMaxSeconds: 2_592_000,
    });
  });

  it("when the session lifetimes are set, then they are parsed; out of 60..31536000 seconds or not an integer, a ConfigError names the key", () => {
    expect(loadUsersConfig({ USERS_SESSION_IDLE_SECONDS: "3600", USERS_SESSION_MAX_SECONDS: "86400" })).toMatchObject({
      sessionIdleSeconds: 3_600,
      sessionMaxSeconds: 86_400,
    });
    expect(() => loadUsersConfig({ USERS_SESSION_IDLE_SECONDS: "59" })).toThrow(/USERS_SESSION_IDLE_SECONDS/);
    expect(() => loadUsersConfig({ USERS_SESSION_MAX_SECONDS: "1e9" })).toThrow(/USERS_SESSION_MAX_SECONDS/);
    expect(() => loadUsersConfig({ USERS_SESSION_MAX_SECONDS: "31536001" })).toThrow(/USERS_SESSION_MAX_SECONDS/);
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

  it("when the metrics port and the OTEL_* variables are set, then they are parsed", () => {
    const config = loadUsersConfig({ USERS_METRICS_PORT: "19461", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_SAMPLER_ARG: "0.25" });
    expect(config).toMatchObject({ metricsPort: 19461, otlpEndpoint: "http://127.0.0.1:4318", samplerArg: 0.25 });
  });

  it("when the metrics port is hostile, then a ConfigError names USERS_METRICS_PORT", () => {
    expect(() => loadUsersConfig({ USERS_METRICS_PORT: "9461 --inspect" })).toThrow(/USERS_METRICS_PORT/);
    expect(() => loadUsersConfig({ USERS_METRICS_PORT: "65536" })).toThrow(/USERS_METRICS_PORT/);
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
