import { describe, expect, it } from "vitest";
import { observabilityBanner } from "./observability-banner.js";

const URLS = {
  users: "http://127.0.0.1:9461/metrics",
  "catalog-1": "http://127.0.0.1:9462/metrics",
  "catalog-2": "http://127.0.0.1:31877/metrics",
  "bff-mobile": "http://127.0.0.1:9465/metrics",
};

describe("the observability lines of the ready banner", () => {
  it("when the system is up, then each instance's /metrics URL is on its own line, aligned, in start order", () => {
    const lines = observabilityBanner({ metricsUrls: URLS, otlpEndpoint: undefined, otlpSource: "--otlp" });
    expect(lines.slice(1, -1)).toEqual([
      "    users       http://127.0.0.1:9461/metrics",
      "    catalog-1   http://127.0.0.1:9462/metrics",
      "    catalog-2   http://127.0.0.1:31877/metrics",
      "    bff-mobile  http://127.0.0.1:9465/metrics",
    ]);
  });

  it("when tracing is off, then the last line says so and how to turn it on", () => {
    const lines = observabilityBanner({ metricsUrls: URLS, otlpEndpoint: undefined, otlpSource: "--otlp" });
    expect(lines.at(-1)).toMatch(/Traces: +off \(npm start -- --otlp http:/);
  });

  it("when an OTLP endpoint is set, then the line names the URL the spans are posted to and where the endpoint came from", () => {
    const fromOption = observabilityBanner({ metricsUrls: URLS, otlpEndpoint: "http://collector:4318/", otlpSource: "--otlp" });
    expect(fromOption.at(-1)).toContain("over OTLP/HTTP to http://collector:4318/v1/traces (--otlp)");
    const fromEnv = observabilityBanner({ metricsUrls: URLS, otlpEndpoint: "https://otel.example/base", otlpSource: "OTEL_EXPORTER_OTLP_ENDPOINT" });
    expect(fromEnv.at(-1)).toContain("to https://otel.example/base/v1/traces (OTEL_EXPORTER_OTLP_ENDPOINT)");
  });
});
