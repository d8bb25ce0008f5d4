import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { decodeExportTraceServiceRequest } from "./otlp-trace-decoder.js";

/** Writers of the OTLP messages by field number, as opentelemetry-proto defines them. */
type Value = { string: string } | { bool: boolean } | { int: bigint } | { double: number } | { array: Value[] };

function anyValue(value: Value): Uint8Array {
  const w = new BinaryWriter();
  if ("string" in value) w.tag(1, 2).string(value.string);
  else if ("bool" in value) w.tag(2, 0).bool(value.bool);
  else if ("int" in value) w.tag(3, 0).int64(value.int);
  else if ("double" in value) w.tag(4, 1).double(value.double);
  else {
    const array = new BinaryWriter();
    for (const item of value.array) array.tag(1, 2).bytes(anyValue(item));
    w.tag(5, 2).bytes(array.finish());
  }
  return w.finish();
}

function keyValue(key: string, value: Value): Uint8Array {
  return new BinaryWriter().tag(1, 2).string(key).tag(2, 2).bytes(anyValue(value)).finish();
}

interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  attributes?: Record<string, Value>;
  events?: string[];
  status?: { code: number; message?: string };
}

function span(input: SpanInput): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, 2).bytes(Buffer.from(input.traceId, "hex"));
  w.tag(2, 2).bytes(Buffer.from(input.spanId, "hex"));
  w.tag(3, 2).string("vendor=opaque"); // trace_state: not decoded, must be skipped
  if (input.parentSpanId !== undefined) w.tag(4, 2).bytes(Buffer.from(input.parentSpanId, "hex"));
  w.tag(5, 2).string(input.name);
  w.tag(6, 0).int32(input.kind);
  w.tag(7, 1).fixed64(input.start);
  w.tag(8, 1).fixed64(input.end);
  for (const [key, value] of Object.entries(input.attributes ?? {})) w.tag(9, 2).bytes(keyValue(key, value));
  w.tag(10, 0).uint32(2); // dropped_attributes_count: skipped
  for (const name of input.events ?? []) {
    w.tag(11, 2).bytes(new BinaryWriter().tag(1, 1).fixed64(input.start + 1n).tag(2, 2).string(name).finish());
  }
  if (input.status !== undefined) {
    const status = new BinaryWriter();
    if (input.status.message !== undefined) status.tag(2, 2).string(input.status.message);
    status.tag(3, 0).int32(input.status.code);
    w.tag(15, 2).bytes(status.finish());
  }
  w.tag(16, 5).fixed32(0x101); // flags: skipped
  return w.finish();
}

function resourceSpans(service: string, scope: string, spans: Uint8Array[]): Uint8Array {
  const resource = new BinaryWriter()
    .tag(1, 2)
    .bytes(keyValue("service.name", { string: service }))
    .tag(1, 2)
    .bytes(keyValue("process.pid", { int: 4242n }))
    .finish();
  const scopeSpans = new BinaryWriter().tag(1, 2).bytes(new BinaryWriter().tag(1, 2).string(scope).tag(2, 2).string("1.0.0").finish());
  for (const s of spans) scopeSpans.tag(2, 2).bytes(s);
  return new BinaryWriter().tag(1, 2).bytes(resource).tag(2, 2).bytes(scopeSpans.finish()).finish();
}

function request(...resources: Uint8Array[]): Uint8Array {
  const w = new BinaryWriter();
  for (const r of resources) w.tag(1, 2).bytes(r);
  return w.finish();
}

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("decoding an OTLP ExportTraceServiceRequest", () => {
  it("when two resources send spans, then each span comes back with its ids, kind, times, attributes, events, status and its resource's service name", () => {
    const body = request(
      resourceSpans("bff-web", "@shop/grpc-runtime", [
        span({ traceId: TRACE, spanId: "00f067aa0ba902b7", name: "query homePage", kind: 2, start: 1_700_000_000_000_000_001n, end: 1_700_000_000_500_000_000n }),
        span({
          traceId: TRACE,
          spanId: "1111111111111111",
          parentSpanId: "00f067aa0ba902b7",
          name: "shop.orders.v1.OrderService/PlaceOrder",
          kind: 3,
          start: 1_700_000_000_100_000_000n,
          end: 1_700_000_000_400_000_000n,
          attributes: {
            "rpc.system": { string: "grpc" },
            "rpc.grpc.status_code": { int: 3n },
            "shop.retried": { bool: false },
            "shop.rpc.deadline_budget_ms": { double: 1999.5 },
            "shop.ids": { array: [{ string: "a" }, { int: 7n }] },
          },
          events: ["retry", "retry"],
          status: { code: 2, message: "INVALID_ARGUMENT: not valid" },
        }),
      ]),
      resourceSpans("orders", "@shop/grpc-runtime", [
        span({
          traceId: TRACE,
          spanId: "2222222222222222",
          parentSpanId: "1111111111111111",
          name: "shop.orders.v1.OrderService/PlaceOrder",
          kind: 2,
          start: 1_700_000_000_200_000_000n,
          end: 1_700_000_000_300_000_000n,
          status: { code: 0 },
        }),
      ]),
    );

    const spans = decodeExportTraceServiceRequest(body);

    expect(spans.map((s) => [s.service, s.kind, s.name, s.spanId, s.parentSpanId])).toEqual([
      ["bff-web", "server", "query homePage", "00f067aa0ba902b7", undefined],
      ["bff-web", "client", "shop.orders.v1.OrderService/PlaceOrder", "1111111111111111", "00f067aa0ba902b7"],
      ["orders", "server", "shop.orders.v1.OrderService/PlaceOrder", "2222222222222222", "1111111111111111"],
    ]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([TRACE]));
    const [root, client, server] = spans;
    expect(root!.startTimeUnixNano).toBe(1_700_000_000_000_000_001n);
    expect(root!.endTimeUnixNano).toBe(1_700_000_000_500_000_000n);
    expect(root!.status).toEqual({ code: "unset", message: "" });
    expect(root!.resource).toEqual({ "service.name": "bff-web", "process.pid": 4242 });
    expect(root!.scope).toBe("@shop/grpc-runtime");
    expect(client!.attributes).toEqual({
      "rpc.system": "grpc",
      "rpc.grpc.status_code": 3,
      "shop.retried": false,
      "shop.rpc.deadline_budget_ms": 1999.5,
      "shop.ids": ["a", 7],
    });
    expect(client!.events).toEqual(["retry", "retry"]);
    expect(client!.status).toEqual({ code: "error", message: "INVALID_ARGUMENT: not valid" });
    expect(server!.status.code).toBe("unset");
    expect(server!.attributes).toEqual({});
  });

  it("when the request is empty, then there are no spans; when it is cut short, then decoding throws", () => {
    expect(decodeExportTraceServiceRequest(new Uint8Array())).toEqual([]);
    const whole = request(resourceSpans("users", "s", [span({ traceId: TRACE, spanId: "3333333333333333", name: "x", kind: 1, start: 1n, end: 2n })]));
    expect(decodeExportTraceServiceRequest(whole)).toHaveLength(1);
    expect(() => decodeExportTraceServiceRequest(whole.subarray(0, whole.length - 5))).toThrow();
  });
});
