import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("the OTLP/HTTP receiver of the end-to-end tests", () => {
  it("when the OpenTelemetry SDK exports over OTLP/HTTP protobuf to it, then every span arrives decoded as the SDK made it", async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "receiver-test" }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }))],
    });
    const tracer = provider.getTracer("receiver-test-scope");
    const parent = tracer.startSpan("parent operation", { kind: SpanKind.SERVER });
    const child = tracer.startSpan(
      "shop.catalog.v1.CatalogService/BatchGetProducts",
      { kind: SpanKind.CLIENT, attributes: { "rpc.system": "grpc", "rpc.grpc.status_code": 14, "shop.rpc.attempts": 2 } },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent("retry");
    child.setStatus({ code: SpanStatusCode.ERROR, message: "UNAVAILABLE: down" });
    child.end();
    parent.end();
    await provider.forceFlush();

    const spans = await receiver.waitFor((all) => (all.filter((s) => s.service === "receiver-test").length >= 2 ? all : undefined), 5_000);
    const byName = new Map(spans.map((s) => [s.name, s]));
    const root = byName.get("parent operation")!;
    const rpc = byName.get("shop.catalog.v1.CatalogService/BatchGetProducts")!;
    expect(root).toMatchObject({ kind: "server", parentSpanId: undefined, traceId: parent.spanContext().traceId, spanId: parent.spanContext().spanId });
    expect(rpc).toMatchObject({
      kind: "client",
      traceId: parent.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      attributes: { "rpc.system": "grpc", "rpc.grpc.status_code": 14, "shop.rpc.attempts": 2 },
      events: ["retry"],
      status: { code: "error", message: "UNAVAILABLE: down" },
      scope: "receiver-test-scope",
    });
    expect(rpc.endTimeUnixNano).toBeGreaterThanOrEqual(rpc.startTimeUnixNano);
    expect(rpc.startTimeUnixNano).toBeGreaterThanOrEqual(root.startTimeUnixNano);
    expect(receiver.trace(parent.spanContext().traceId)).toHaveLength(2);
    expect(receiver.failures).toEqual([]);
    await provider.shutdown();
  });

  it("when something other than a protobuf POST to /v1/traces arrives, then it is refused and nothing is recorded", async () => {
    const before = receiver.spans().length;
    expect((await fetch(`${receiver.url}/v1/metrics`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${receiver.url}/v1/traces`)).status).toBe(405);
    expect((await fetch(`${receiver.url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(415);
    const garbage = await fetch(`${receiver.url}/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: new Uint8Array([0x0a, 0x05, 0x01]) });
    expect(garbage.status).toBe(400);
    expect(receiver.failures).toHaveLength(1);
    expect(receiver.spans()).toHaveLength(before);
  });

  it("when the spans looked for never arrive, then waiting fails with what did arrive", async () => {
    const failure = await receiver.waitFor(() => undefined, 200).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^the spans looked for did not arrive within 200 ms; received 2:\n/);
    expect(failure).toContain('receiver-test server "parent operation"');
    expect(failure).toContain('receiver-test client "shop.catalog.v1.CatalogService/BatchGetProducts"');
  });
});
