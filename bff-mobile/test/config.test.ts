import { describe, expect, it } from "vitest";
import { DEFAULT_MOBILE_PORT, loadMobileConfig, MOBILE_CONFIG_KEYS } from "../src/config.js";

const SECRET = "s".repeat(40);
/** What production requires besides the secret: the mTLS files (only their paths are read here). */
const PRODUCTION = { NODE_ENV: "production", JWT_SECRET: SECRET, GRPC_TLS_CA_FILE: "/tls/ca.crt", GRPC_TLS_CERT_FILE: "/tls/tls.crt", GRPC_TLS_KEY_FILE: "/tls/tls.key" };

describe("mobile config", () => {
  it("when nothing is set, then it serves any document on port 4001 with a generated secret", () => {
    const config = loadMobileConfig({});
    expect(config.port).toBe(DEFAULT_MOBILE_PORT);
    expect(config.port).toBe(4001);
    expect(config.trustedDocumentsOnly).toBe(false);
    expect(config.jwtSecretGenerated).toBe(true);
  });

  it("when NODE_ENV is production, then only trusted documents are accepted by default", () => {
    const config = loadMobileConfig(PRODUCTION);
    expect(config.trustedDocumentsOnly).toBe(true);
    expect(config.production).toBe(true);
  });

  it("when MOBILE_TRUSTED_DOCUMENTS_ONLY is set, then it wins over the environment", () => {
    expect(loadMobileConfig({ ...PRODUCTION, MOBILE_TRUSTED_DOCUMENTS_ONLY: "false" }).trustedDocumentsOnly).toBe(false);
    expect(loadMobileConfig({ MOBILE_TRUSTED_DOCUMENTS_ONLY: "true" }).trustedDocumentsOnly).toBe(true);
  });

  it("when a value is invalid, then start fails naming the variable", () => {
    expect(() => loadMobileConfig({ MOBILE_TRUSTED_DOCUMENTS_ONLY: "maybe" })).toThrow(/MOBILE_TRUSTED_DOCUMENTS_ONLY/);
    expect(() => loadMobileConfig({ MOBILE_PORT: "70000" })).toThrow(/MOBILE_PORT/);
    expect(() => loadMobileConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
  });

  it("when MOBILE_RETIRED_APP_VERSIONS lists versions, then they are retired; an invalid name fails start naming the variable", () => {
    expect(loadMobileConfig({}).retiredAppVersions).toEqual([]);
    expect(loadMobileConfig({ MOBILE_RETIRED_APP_VERSIONS: "1.0.0, 1.1.0-beta.1" }).retiredAppVersions).toEqual(["1.0.0", "1.1.0-beta.1"]);
    expect(() => loadMobileConfig({ MOBILE_RETIRED_APP_VERSIONS: "1.0.0,1.1" })).toThrow(/MOBILE_RETIRED_APP_VERSIONS.*"1\.1" is not an app version/);
  });

  it("when MOBILE_RELEASED_OPERATIONS_DIR is set, then the released versions are read from there", () => {
    expect(loadMobileConfig({}).releasedOperationsDir).toBeUndefined();
    expect(loadMobileConfig({ MOBILE_RELEASED_OPERATIONS_DIR: "/srv/released" }).releasedOperationsDir).toBe("/srv/released");
  });

  it("when several addresses are given for a service, then all are kept", () => {
    const config = loadMobileConfig({ CATALOG_TARGETS: "10.0.0.1:50062, 10.0.0.2:50062" });
    expect(config.targets.catalog).toEqual(["10.0.0.1:50062", "10.0.0.2:50062"]);
  });

  it("when no telemetry key is set, then /metrics is on 9465 and spans would be named bff-mobile; MOBILE_METRICS_PORT and the OTEL keys are read", () => {
    expect(loadMobileConfig({}).telemetry).toMatchObject({ metricsPort: 9465, serviceName: "bff-mobile" });
    expect(loadMobileConfig({ MOBILE_METRICS_PORT: "9999", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }).telemetry).toMatchObject({
      metricsPort: 9999, otlpEndpoint: "http://127.0.0.1:4318",
    });
    expect(MOBILE_CONFIG_KEYS).toEqual(expect.arrayContaining(["MOBILE_METRICS_PORT", "MOBILE_METRICS_HOST", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER_ARG"]));
    expect(() => loadMobileConfig({ OTEL_TRACES_SAMPLER_ARG: "2" })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});
