import { describe, expect, it } from "vitest";
import { loadWebConfig, WEB_CONFIG_KEYS } from "../src/config.js";

describe("web config", () => {
  it("when nothing is set, then it listens on 4000, serves /metrics on 9464 and names its spans bff-web, tracing off", () => {
    const config = loadWebConfig({});
    expect(config.port).toBe(4000);
    expect(config.telemetry).toMatchObject({ metricsPort: 9464, metricsHost: "127.0.0.1", serviceName: "bff-web" });
    expect(config.telemetry.otlpEndpoint).toBeUndefined();
  });

  it("when WEB_METRICS_PORT or an OTEL key is set, then it is read, and both are among the keys manifests are checked against", () => {
    expect(loadWebConfig({ WEB_METRICS_PORT: "0", OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.1" }).telemetry).toMatchObject({
      metricsPort: 0, sampler: "parentbased_traceidratio", samplerArg: 0.1,
    });
    expect(WEB_CONFIG_KEYS).toEqual(expect.arrayContaining(["WEB_METRICS_PORT", "WEB_METRICS_HOST", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME"]));
    expect(() => loadWebConfig({ WEB_METRICS_PORT: "-1" })).toThrow(/WEB_METRICS_PORT/);
  });
});
