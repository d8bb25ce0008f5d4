import { describe, expect, it } from "vitest";
import { bool, ConfigError, describeConfig, int, list, loadConfig, oneOf, secret, str, url } from "../../src/index.js";

const spec = {
  port: { env: "USERS_PORT", doc: "gRPC port", parse: int({ min: 0, max: 65535 }), default: 50051 },
  host: { env: "USERS_HOST", doc: "interface to bind", parse: str({ minLength: 1 }), default: "127.0.0.1" },
  databaseUrl: { env: "DATABASE_URL", doc: "PostgreSQL URL; embedded PGlite when unset", parse: url({ protocols: ["postgres:", "postgresql:"] }), optional: true },
  logLevel: { env: "LOG_LEVEL", doc: "pino level", parse: oneOf(["debug", "info", "warn"]), default: "info" },
  pretty: { env: "PRETTY", doc: "pretty logs", parse: bool(), default: false },
  peers: { env: "CATALOG_ADDRESSES", doc: "catalog addresses", parse: list(str()), default: ["127.0.0.1:50052"] },
  jwtSecret: { env: "JWT_SECRET", doc: "token signing key", parse: secret({ minLength: 8 }) },
} as const;

describe("loadConfig", () => {
  it("when only required keys are set, then defaults fill the rest with typed values", () => {
    const config = loadConfig(spec, { JWT_SECRET: "0123456789" });
    expect(config).toEqual({
      port: 50051,
      host: "127.0.0.1",
      databaseUrl: undefined,
      logLevel: "info",
      pretty: false,
      peers: ["127.0.0.1:50052"],
      jwtSecret: "0123456789",
    });
  });

  it("when values are set, then they are parsed", () => {
    const config = loadConfig(spec, {
      JWT_SECRET: "0123456789",
      USERS_PORT: "6000",
      PRETTY: "yes",
      CATALOG_ADDRESSES: "10.0.0.1:1, 10.0.0.2:2",
      DATABASE_URL: "postgres://u@h/db",
    });
    expect(config.port).toBe(6000);
    expect(config.pretty).toBe(true);
    expect(config.peers).toEqual(["10.0.0.1:1", "10.0.0.2:2"]);
    expect(config.databaseUrl).toBe("postgres://u@h/db");
  });

  it("when keys are bad or missing, then one ConfigError names each of them and never echoes a secret", () => {
    let error: unknown;
    try {
      loadConfig(spec, { USERS_PORT: "70000", LOG_LEVEL: "loud", JWT_SECRET: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("USERS_PORT");
    expect(message).toContain("LOG_LEVEL");
    expect(message).toContain("JWT_SECRET");
    expect(message).not.toContain("short");
    expect((error as ConfigError).problems.map((p) => p.key)).toEqual(["port", "logLevel", "jwtSecret"]);
  });

  it("when a spec is described, then every env var appears with its default and meaning", () => {
    const table = describeConfig(spec);
    expect(table).toContain("| `USERS_PORT` | integer >= 0 <= 65535 | `50051` | gRPC port |");
    expect(table).toContain("| `JWT_SECRET` | secret | **required** | token signing key |");
  });

  describe("production overrides", () => {
    const prodSpec = {
      databaseUrl: {
        env: "X_DATABASE_URL",
        doc: "database",
        parse: url({ protocols: ["postgres:"] }),
        optional: true,
        production: { required: "no embedded database in production" },
      },
      seed: { env: "X_SEED", doc: "seed demo data", parse: bool(), default: true, production: { default: false } },
    } as const;

    it("when NODE_ENV is not production, then the development defaults apply", () => {
      expect(loadConfig(prodSpec, {})).toEqual({ databaseUrl: undefined, seed: true });
      expect(loadConfig(prodSpec, { NODE_ENV: "development" })).toEqual({ databaseUrl: undefined, seed: true });
    });

    it("when NODE_ENV=production and a production-required key is unset, then loading fails naming the key and why", () => {
      expect(() => loadConfig(prodSpec, { NODE_ENV: "production" })).toThrowError(
        /X_DATABASE_URL \(databaseUrl\): is required when NODE_ENV=production \(no embedded database in production\)/,
      );
    });

    it("when NODE_ENV=production, then the production default replaces the development one, and a set value still wins", () => {
      const env = { NODE_ENV: "production", X_DATABASE_URL: "postgres://db/x" };
      expect(loadConfig(prodSpec, env)).toEqual({ databaseUrl: "postgres://db/x", seed: false });
      expect(loadConfig(prodSpec, { ...env, X_SEED: "true" }).seed).toBe(true);
    });

    it("when a spec with production overrides is described, then the table says what production changes", () => {
      const table = describeConfig(prodSpec);
      expect(table).toContain("(unset); **required** in production");
      expect(table).toContain("`true`; `false` in production");
    });
  });
});
