import { describe, expect, it } from "vitest";
import { bffConfigKeys, BffConfigError, loadBffConfig } from "./bff-config.js";

const web = { prefix: "WEB", defaultPort: 4000, name: "bff-web", metricsPort: 9464 };
const mobile = { prefix: "MOBILE", defaultPort: 4001, name: "bff-mobile", metricsPort: 9465 };

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
    expect(loadBffConfig(mobile, { MOBILE_READ_MASKS: "off", WEB_READ_MASKS: "on" }).readMasks).toBe(false);
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
    loadBffConfig(mobile, env);
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

  it("when no telemetry key is set, then /metrics is on the BFF's own port, tracing is off and spans would be named after the BFF", () => {
    const { telemetry } = loadBffConfig(web, {});
    expect(telemetry).toMatchObject({ metricsPort: 9464, metricsHost: "127.0.0.1", serviceName: "bff-web", sampler: "parentbased_always_on", samplerArg: 1, sdkDisabled: false });
    expect(telemetry.otlpEndpoint).toBeUndefined();
    expect(loadBffConfig(mobile, {}).telemetry).toMatchObject({ metricsPort: 9465, serviceName: "bff-mobile" });
  });

  it("when the standard OTEL_* keys and the prefixed metrics keys are set, then they are parsed", () => {
    const { telemetry } = loadBffConfig(mobile, {
      MOBILE_METRICS_PORT: "0",
      MOBILE_METRICS_HOST: "0.0.0.0",
      WEB_METRICS_PORT: "1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_SERVICE_NAME: "bff-mobile-eu",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.1",
    });
    expect(telemetry).toMatchObject({
      metricsPort: 0, metricsHost: "0.0.0.0", otlpEndpoint: "http://collector:4318", serviceName: "bff-mobile-eu",
      sampler: "parentbased_traceidratio", samplerArg: 0.1,
    });
  });

  it("when a telemetry value is hostile, then loading fails with a BffConfigError naming its variable", () => {
    const attempt = (env: Record<string, string>) => { try { loadBffConfig(web, env); return undefined; } catch (e) { return e as BffConfigError; } };
    const sampler = attempt({ OTEL_TRACES_SAMPLER: "sample_everything" });
    expect(sampler).toBeInstanceOf(BffConfigError);
    expect(sampler?.envVar).toBe("OTEL_TRACES_SAMPLER");
    expect(sampler?.message).toMatch(/^OTEL_TRACES_SAMPLER: must be one of parentbased_always_on/);
    expect(attempt({ OTEL_TRACES_SAMPLER_ARG: "2" })?.message).toMatch(/^OTEL_TRACES_SAMPLER_ARG: must be between 0 and 1, got 2/);
    expect(attempt({ OTEL_TRACES_SAMPLER_ARG: "NaN" })?.envVar).toBe("OTEL_TRACES_SAMPLER_ARG");
    expect(attempt({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318 " })?.message).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: must/);
    expect(attempt({ OTEL_EXPORTER_OTLP_ENDPOINT: "file:///etc/passwd" })?.message).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: must use http: or https:/);
    expect(attempt({ WEB_METRICS_PORT: "65536" })?.envVar).toBe("WEB_METRICS_PORT");
    expect(attempt({ OTEL_SDK_DISABLED: "perhaps" })?.envVar).toBe("OTEL_SDK_DISABLED");
  });

  it("when several telemetry values are bad, then the error names the first and lists the others", () => {
    expect(() => loadBffConfig(web, { OTEL_TRACES_SAMPLER: "nope", OTEL_BSP_SCHEDULE_DELAY: "-1" })).toThrow(/^OTEL_TRACES_SAMPLER: .*; OTEL_BSP_SCHEDULE_DELAY: /);
  });

  it("when OTEL_EXPORTER_OTLP_HEADERS holds a malformed secret, then the error names the key but never echoes the value", () => {
    let message = "";
    try { loadBffConfig(web, { OTEL_EXPORTER_OTLP_HEADERS: "api-key-without-equals-sign-s3cr3t" }); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^OTEL_EXPORTER_OTLP_HEADERS: /);
    expect(message).not.toContain("s3cr3t");
  });
});
