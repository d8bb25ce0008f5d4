import { describe, expect, it } from "vitest";
import { bffConfigKeys, BffConfigError, loadBffConfig } from "./bff-config.js";

const web = { prefix: "WEB", defaultPort: 4000 };

describe("BFF config", () => {
  it("when nothing is set outside production, then defaults apply and a development secret is generated", () => {
    const config = loadBffConfig(web, {});
    expect(config).toMatchObject({
      port: 4000, host: "127.0.0.1", requestBudgetMs: 2000, production: false, jwtSecretGenerated: true,
      targets: { users: ["127.0.0.1:50061"], catalog: ["127.0.0.1:50062"], orders: ["127.0.0.1:50063"] },
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("when several addresses are given for a service, then all are kept in order", () => {
    const config = loadBffConfig(web, { CATALOG_TARGETS: "10.0.0.1:50062, 10.0.0.2:50062", WEB_PORT: "4100", REQUEST_BUDGET_MS: "750" });
    expect(config.targets.catalog).toEqual(["10.0.0.1:50062", "10.0.0.2:50062"]);
    expect(config.port).toBe(4100);
    expect(config.requestBudgetMs).toBe(750);
  });

  it("when <PREFIX>_READ_MASKS is unset, on or off, then read masks are on, on or off; anything else names the key", () => {
    expect(loadBffConfig(web, {}).readMasks).toBe(true);
    expect(loadBffConfig(web, { WEB_READ_MASKS: "on" }).readMasks).toBe(true);
    expect(loadBffConfig(web, { WEB_READ_MASKS: "off" }).readMasks).toBe(false);
    expect(loadBffConfig({ prefix: "MOBILE", defaultPort: 4001 }, { MOBILE_READ_MASKS: "off", WEB_READ_MASKS: "on" }).readMasks).toBe(false);
    expect(() => loadBffConfig(web, { WEB_READ_MASKS: "false" })).toThrow(/WEB_READ_MASKS: expected on or off, got "false"/);
  });

  it("when a service is one Kubernetes headless Service, then one dns:///name:port target is accepted; mixed or several names are refused", () => {
    expect(loadBffConfig(web, { CATALOG_TARGETS: "dns:///catalog.shop.svc:50062" }).targets.catalog).toEqual(["dns:///catalog.shop.svc:50062"]);
    expect(() => loadBffConfig(web, { CATALOG_TARGETS: "dns:///catalog:50062,10.0.0.1:50062" })).toThrow(/CATALOG_TARGETS: a dns:\/\/\/ target must be the only one/);
    expect(() => loadBffConfig(web, { USERS_TARGETS: "users-a:50061,users-b:50061" })).toThrow(/USERS_TARGETS: several targets must all be IP literals/);
  });

  it("when LOG_LEVEL is not a level, then loading fails naming LOG_LEVEL and the levels", () => {
    expect(() => loadBffConfig(web, { LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL: expected one of trace, debug, info/);
  });

  it("when the config is loaded, then the keys it reads are exactly bffConfigKeys(prefix)", () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, key) => {
        if (typeof key === "string") read.add(key);
        return undefined;
      },
    });
    loadBffConfig({ prefix: "MOBILE", defaultPort: 4001 }, env);
    expect([...read].sort()).toEqual([...bffConfigKeys("MOBILE")].sort());
  });

  it("when NODE_ENV is production and JWT_SECRET is missing, then loading fails naming JWT_SECRET", () => {
    expect(() => loadBffConfig(web, { NODE_ENV: "production" })).toThrow(/JWT_SECRET: is required when NODE_ENV=production/);
  });

  it("when a value is malformed, then the error names its variable", () => {
    const attempt = (env: Record<string, string>) => { try { loadBffConfig(web, env); return undefined; } catch (e) { return e as BffConfigError; } };
    expect(attempt({ WEB_PORT: "http" })?.envVar).toBe("WEB_PORT");
    expect(attempt({ ORDERS_TARGETS: "no-port" })?.envVar).toBe("ORDERS_TARGETS");
    expect(attempt({ JWT_SECRET: "short" })?.envVar).toBe("JWT_SECRET");
    expect(attempt({ MAX_DEPTH: "1" })?.envVar).toBe("MAX_DEPTH");
  });
});
