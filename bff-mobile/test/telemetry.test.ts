import { createLogger, createTelemetry, METRIC_NAMES, SpanKind, type Telemetry } from "@shop/grpc-runtime";
import { spanCollector } from "@shop/grpc-runtime/testing";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import { afterEach, describe, expect, it } from "vitest";
import { loadMobileConfig } from "../src/config.js";
import { HomeDocument, LoginDocument } from "../src/generated/operations.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

let harness: MobileHarness | undefined;
let telemetry: Telemetry | undefined;
afterEach(async () => {
  await harness?.close();
  await telemetry?.shutdown();
  harness = undefined;
  telemetry = undefined;
});

/** The mobile BFF with tracing into `spans` and a logger whose raw lines the test reads. */
async function observed(trustedDocumentsOnly: boolean) {
  const { exporter, spans } = spanCollector();
  telemetry = createTelemetry({ settings: loadMobileConfig({}).telemetry, exporter });
  const raw: string[] = [];
  const logger = createLogger("bff-mobile", { destination: { write: (line: string) => void raw.push(line) } });
  harness = await startHarness({ trustedDocumentsOnly, telemetry, logger });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { harness, telemetry, spans, raw, lines };
}

async function operations(t: Telemetry, labels: Record<string, string>): Promise<number> {
  const { values } = await t.metrics.registry.getSingleMetric(METRIC_NAMES.graphqlOperations)!.get();
  return values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want)).reduce((sum, v) => sum + v.value, 0);
}

describe("bff-mobile telemetry", () => {
  it("when trusted documents run, then they are counted under their names and any other name as other", async () => {
    const { harness, telemetry } = await observed(false);
    const token = await harness.tokenFor(demoUser(0).id);
    expect((await harness.post({ extensions: persisted(HomeDocument.sha256Hash) }, bearer(token))).status).toBe(200);
    expect((await harness.post({ query: HomeDocument.document }, bearer(token))).status).toBe(200);
    expect((await harness.post({ query: "query Sneaky { home { user { name } } }" }, bearer(token))).status).toBe(200);
    expect(await operations(telemetry, { operation: "Home", type: "query", outcome: "ok" })).toBe(2);
    expect(await operations(telemetry, { operation: "other", type: "query", outcome: "ok" })).toBe(1);
    expect(await operations(telemetry, { operation: "Sneaky" })).toBe(0);
  });

  it("when a trusted document is traced, then its span is named after it and its document hash is the manifest's", async () => {
    const { harness, telemetry, spans } = await observed(true);
    const token = await harness.tokenFor(demoUser(0).id);
    await harness.post({ extensions: persisted(HomeDocument.sha256Hash) }, bearer(token));
    await telemetry.shutdown();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.name).toBe("query Home");
    expect(operation.attributes).toMatchObject({ "graphql.operation.name": "Home", "graphql.document.hash": HomeDocument.sha256Hash, "shop.outcome": "ok" });
    expect(spans.filter((span) => span.name.startsWith("dataloader.batch ")).every((span) => span.parentSpanContext?.spanId === operation.spanContext().spanId)).toBe(true);
  });

  it("when a hash is not trusted, then the operation is counted as unknown with outcome error, and the app-version line carries its request and trace ids", async () => {
    const { harness, telemetry, lines } = await observed(true);
    const response = await harness.post({ extensions: persisted("0".repeat(64)) }, { "x-app-version": "0.1.0", "x-request-id": "req-unknown-hash" });
    expect(response.status).toBe(400);
    expect(await operations(telemetry, { operation: "unknown", type: "unknown", outcome: "error" })).toBe(1);
    const warn = lines().find((line) => line["msg"] === "mobile request answered with errors")!;
    const access = lines().find((line) => line["msg"] === "graphql operation")!;
    expect(access).toMatchObject({ operation: null, type: null, outcome: "error", status: 400, rpcs: 0, requestId: "req-unknown-hash" });
    expect(warn).toMatchObject({ requestId: "req-unknown-hash", traceId: access["traceId"], spanId: access["spanId"] });
  });

  it("when the app logs in, then the access line names the operation and no line holds the password or the issued token", async () => {
    const { harness, raw, lines } = await observed(true);
    const login = await harness.post({ extensions: persisted(LoginDocument.sha256Hash), variables: DEMO_LOGIN });
    const token = login.body.data?.["login"].token as string;
    expect(token.length).toBeGreaterThan(20);
    await harness.post({ extensions: persisted(HomeDocument.sha256Hash) }, bearer(token));
    expect(lines().filter((line) => line["msg"] === "graphql operation").map((line) => line["operation"])).toEqual(["Login", "Home"]);
    const text = raw.join("");
    expect(text).not.toContain(DEMO_LOGIN.password);
    expect(text).not.toContain(token);
  });
});
