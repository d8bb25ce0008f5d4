import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type TelemetrySettings } from "@shop/grpc-runtime";
import { domainServiceConfigSpec } from "./domain-service-config.js";

const spec = domainServiceConfigSpec({ prefix: "WIDGETS", port: 50070, metricsPort: 9470, healthPort: 50080, seedDoc: "the demo widgets" });
const load = (env: Record<string, string>) => loadConfig(spec, env);

/** The message of the ConfigError loading `env` throws. */
function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe("domainServiceConfigSpec telemetry keys", () => {
  it("when nothing is set, then metrics are served on the service's admin port on loopback and tracing is off", () => {
    // The parsed config is the settings createTelemetry takes, as it is.
    const config = load({});
    const settings: TelemetrySettings = config;
    expect(settings).toMatchObject({
      metricsPort: 9470,
      metricsHost: "127.0.0.1",
      otlpEndpoint: undefined,
      otlpTracesEndpoint: undefined,
      otlpHeaders: undefined,
      serviceName: "widgets",
      sampler: "parentbased_always_on",
      samplerArg: 1,
      sdkDisabled: false,
      exportDelayMs: 5_000,
    } satisfies Record<keyof TelemetrySettings, unknown>);
    expect(config).toMatchObject({ port: 50070, host: "127.0.0.1" });
  });

  it("when the service's and the standard OTEL_* variables are set, then they are parsed", () => {
    const config = load({
      WIDGETS_METRICS_PORT: "0",
      WIDGETS_METRICS_HOST: "0.0.0.0",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc",
      OTEL_SERVICE_NAME: "widgets-eu",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.1",
      OTEL_BSP_SCHEDULE_DELAY: "200",
    });
    expect(config).toMatchObject({
      metricsPort: 0,
      metricsHost: "0.0.0.0",
      otlpEndpoint: "http://collector:4318",
      otlpHeaders: ["x-api-key=abc"],
      serviceName: "widgets-eu",
      sampler: "parentbased_traceidratio",
      samplerArg: 0.1,
      exportDelayMs: 200,
    });
    expect(load({ OTEL_SDK_DISABLED: "true" }).sdkDisabled).toBe(true);
  });

  it.each([
    ["WIDGETS_METRICS_PORT", "70000"],
    ["WIDGETS_METRICS_PORT", "-1"],
    ["WIDGETS_METRICS_PORT", "9462; rm -rf /"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "file:///etc/passwd"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "not a url"],
    ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector/v1/traces"],
    ["OTEL_TRACES_SAMPLER", "always_maybe"],
    ["OTEL_TRACES_SAMPLER_ARG", "1.5"],
    ["OTEL_TRACES_SAMPLER_ARG", "NaN"],
    ["OTEL_SDK_DISABLED", "perhaps"],
    ["OTEL_BSP_SCHEDULE_DELAY", "3600000"],
    ["OTEL_SERVICE_NAME", "x".repeat(200)],
  ])("when %s is %j, then loading refuses it and names the variable", (key, value) => {
    expect(refusal({ [key]: value })).toContain(key);
  });

  it("when OTLP headers are malformed, then the refusal names the variable without echoing the secret", () => {
    const message = refusal({ OTEL_EXPORTER_OTLP_HEADERS: "authorization Bearer hunter2" });
    expect(message).toContain("OTEL_EXPORTER_OTLP_HEADERS");
    expect(message).not.toContain("hunter2");
  });
});
