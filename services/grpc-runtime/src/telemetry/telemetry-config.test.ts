import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import { loadConfig } from "../config/load-config.js";
import { telemetryConfigSpec, tracesUrlOf } from "./telemetry-config.js";

const spec = telemetryConfigSpec({ prefix: "USERS", metricsPort: 9461, name: "users" });

describe("telemetry config", () => {
  it("when nothing is set, then tracing is off, metrics listen on the default port locally and spans would be named after the process", () => {
    const settings = loadConfig(spec, {});
    expect(settings).toMatchObject({ metricsPort: 9461, metricsHost: "127.0.0.1", serviceName: "users", sampler: "parentbased_always_on", samplerArg: 1 });
    expect(tracesUrlOf(settings)).toBeUndefined();
  });

  it("when an OTLP endpoint is set, then spans go to its /v1/traces; a traces endpoint is used as is; OTEL_SDK_DISABLED wins", () => {
    expect(tracesUrlOf(loadConfig(spec, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }))).toBe("http://collector:4318/v1/traces");
    const both = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://b/otlp/spans" };
    expect(tracesUrlOf(loadConfig(spec, both))).toBe("https://b/otlp/spans");
    expect(tracesUrlOf(loadConfig(spec, { ...both, OTEL_SDK_DISABLED: "true" }))).toBeUndefined();
  });

  it("when values are hostile, then loading fails naming each key and never echoing the headers", () => {
    const env = {
      USERS_METRICS_PORT: "70000",
      OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://collector",
      OTEL_TRACES_SAMPLER: "sometimes",
      OTEL_TRACES_SAMPLER_ARG: "1.5",
      OTEL_EXPORTER_OTLP_HEADERS: "api-key hunter2",
      OTEL_BSP_SCHEDULE_DELAY: "-1",
    };
    let error: unknown;
    try {
      loadConfig(spec, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of Object.keys(env)) expect(message).toContain(key);
    expect(message).not.toContain("hunter2");
  });

  it("when the sampler is a ratio, then its argument is parsed as a decimal", () => {
    expect(loadConfig(spec, { OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.1" })).toMatchObject({ samplerArg: 0.1 });
    expect(loadConfig(spec, { OTEL_TRACES_SAMPLER_ARG: ".25" })).toMatchObject({ samplerArg: 0.25 });
  });
});
