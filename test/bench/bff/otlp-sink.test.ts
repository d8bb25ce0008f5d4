import { gzipSync } from "node:zlib";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { countSpans, startOtlpSink, type OtlpSink } from "./otlp-sink.js";

/** An ExportTraceServiceRequest with one ResourceSpans per entry: `service` (if any) and spans per scope. */
function exportRequest(resources: readonly { readonly service?: string; readonly scopes: readonly number[] }[]): Uint8Array {
  const request = new BinaryWriter();
  for (const { service, scopes } of resources) {
    const resourceSpans = new BinaryWriter();
    if (service !== undefined) {
      const resource = new BinaryWriter();
      // An attribute before service.name, so the reader has to look past it.
      resource.tag(1, 2).bytes(new BinaryWriter().tag(1, 2).string("host.name").tag(2, 2).bytes(new BinaryWriter().tag(1, 2).string("box").finish()).finish());
      resource.tag(1, 2).bytes(new BinaryWriter().tag(1, 2).string("service.name").tag(2, 2).bytes(new BinaryWriter().tag(1, 2).string(service).finish()).finish());
      resourceSpans.tag(1, 2).bytes(resource.finish());
    }
    for (const spans of scopes) {
      const scope = new BinaryWriter();
      scope.tag(1, 2).bytes(new BinaryWriter().tag(1, 2).string("@shop/grpc-runtime").finish());
      for (let i = 0; i < spans; i++) {
        const span = new BinaryWriter().tag(1, 2).bytes(new Uint8Array(16).fill(i + 1)).tag(5, 2).string(`span ${i}`).tag(6, 0).int32(2).finish();
        scope.tag(2, 2).bytes(span);
      }
      resourceSpans.tag(2, 2).bytes(scope.finish());
    }
    request.tag(1, 2).bytes(resourceSpans.finish());
  }
  return request.finish();
}

describe("countSpans", () => {
  it("when resources hold several scopes, then it counts every span under its resource's service.name", () => {
    const body = exportRequest([
      { service: "bff-web", scopes: [3, 2] },
      { service: "catalog", scopes: [4] },
      { service: "bff-web", scopes: [1] },
    ]);
    expect(Object.fromEntries(countSpans(body))).toEqual({ "bff-web": 6, catalog: 4 });
  });

  it("when a resource has no service.name, then its spans count under the empty name", () => {
    expect(Object.fromEntries(countSpans(exportRequest([{ scopes: [2] }])))).toEqual({ "": 2 });
  });

  it("when the body is empty, then there are no spans", () => {
    expect(countSpans(new Uint8Array()).size).toBe(0);
  });

  it("when the body is cut off inside a message, then it throws", () => {
    const body = exportRequest([{ service: "orders", scopes: [3] }]);
    expect(() => countSpans(body.subarray(0, body.length - 5))).toThrow();
  });
});

describe("startOtlpSink", () => {
  let sink: OtlpSink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  const post = (path: string, body: Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${sink!.url}${path}`, { method: "POST", body: new Uint8Array(body) as Uint8Array<ArrayBuffer>, headers: { "content-type": "application/x-protobuf", ...headers } });

  it("when spans are posted, plain and gzipped, then it answers 200 with an empty body and counts requests, bytes and spans", async () => {
    sink = await startOtlpSink();
    const plain = exportRequest([{ service: "users", scopes: [2] }]);
    const zipped = gzipSync(exportRequest([{ service: "users", scopes: [1] }, { service: "orders", scopes: [5] }]));
    const first = await post("/v1/traces", plain);
    const second = await post("/v1/traces", zipped, { "content-encoding": "gzip" });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await first.arrayBuffer()).byteLength).toBe(0);
    expect(sink.counts()).toEqual({ requests: 2, bytes: plain.length + zipped.length, spans: 8, spansByService: { users: 3, orders: 5 } });
  });

  it("when the body is not an export request, then it answers 400 and counts no spans", async () => {
    sink = await startOtlpSink();
    const response = await post("/v1/traces", new Uint8Array([0x0a, 0x40, 1, 2]));
    expect(response.status).toBe(400);
    expect(sink.counts()).toMatchObject({ requests: 1, spans: 0 });
  });

  it("when another path is asked, then it answers 404 and counts nothing", async () => {
    sink = await startOtlpSink();
    expect((await post("/v1/metrics", new Uint8Array())).status).toBe(404);
    expect(sink.counts()).toEqual({ requests: 0, bytes: 0, spans: 0, spansByService: {} });
  });

  it("when the OpenTelemetry OTLP/HTTP exporter sends to it, then every span is counted under its service", async () => {
    sink = await startOtlpSink();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "bff-web" }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${sink.url}/v1/traces` }))],
    });
    const tracer = provider.getTracer("otlp-sink-test");
    for (let i = 0; i < 3; i++) tracer.startSpan(`query ${i}`, { kind: SpanKind.SERVER }).end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(sink.counts()).toMatchObject({ spans: 3, spansByService: { "bff-web": 3 } });
    expect(sink.counts().requests).toBeGreaterThanOrEqual(1);
  });
});
