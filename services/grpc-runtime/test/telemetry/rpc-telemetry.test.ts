import { Code, ConnectError } from "@connectrpc/connect";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { UserService } from "@shop/contracts/users/v1";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeClient,
  createClient,
  createTelemetry,
  currentRequestContext,
  logIdsOf,
  parseTraceparent,
  runWithRequestContext,
  service,
  startGrpcServer,
  type GrpcServer,
  type Telemetry,
  type TelemetrySettings,
} from "../../src/index.js";
import { ALICE, fakeUsers } from "../grpc/fake-users.js";

const SETTINGS: TelemetrySettings = {
  metricsPort: 0,
  metricsHost: "127.0.0.1",
  serviceName: "test",
  sampler: "parentbased_always_on",
  samplerArg: 1,
  sdkDisabled: false,
  exportDelayMs: 10,
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A telemetry whose spans land in memory; `spans()` flushes and returns them. */
function memoryTelemetry(settings: Partial<TelemetrySettings> = {}): { telemetry: Telemetry; spans: () => Promise<ReadableSpan[]> } {
  const exporter = new InMemorySpanExporter();
  const telemetry = createTelemetry({ settings: { ...SETTINGS, ...settings }, exporter });
  cleanups.push(() => telemetry.shutdown());
  return {
    telemetry,
    spans: async () => {
      await telemetry.tracing!.flush();
      return exporter.getFinishedSpans();
    },
  };
}

async function serve(telemetry: Telemetry | undefined, impl = fakeUsers()): Promise<GrpcServer> {
  const server = await startGrpcServer({ services: [service(UserService, impl)], serving: true, ...(telemetry ? { telemetry } : {}) });
  cleanups.push(() => server.shutdown());
  return server;
}

function client(target: string, options: Parameters<typeof createClient>[2] = {}) {
  const c = createClient(UserService, target, options);
  cleanups.push(() => closeClient(c));
  return c;
}


async function sample(telemetry: Telemetry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = telemetry.metrics.registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return found.reduce((sum, v) => sum + v.value, 0);
}

const PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("RPC spans", () => {
  it("when a traced caller calls a traced server, then the client span is the caller's child and the server span the client span's child, in one trace", async () => {
    const callee = memoryTelemetry({ serviceName: "users" });
    const caller = memoryTelemetry({ serviceName: "bff" });
    let seenTraceparent: string | undefined;
    const server = await serve(callee.telemetry, {
      ...fakeUsers(),
      getUser(req) {
        seenTraceparent = currentRequestContext()?.traceparent;
        if (req.id !== ALICE.id) throw new ConnectError("no such user", Code.NotFound);
        return { user: ALICE };
      },
    });
    const users = client(server.address, { telemetry: caller.telemetry });
    await users.getUser({ id: ALICE.id }, { headers: { traceparent: PARENT } });

    const [clientSpan] = await caller.spans();
    const [serverSpan] = await callee.spans();
    expect(clientSpan!.kind).toBe(SpanKind.CLIENT);
    expect(serverSpan!.kind).toBe(SpanKind.SERVER);
    expect(clientSpan!.name).toBe("shop.users.v1.UserService/GetUser");
    expect(serverSpan!.name).toBe("shop.users.v1.UserService/GetUser");
    expect(clientSpan!.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(clientSpan!.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(serverSpan!.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(serverSpan!.parentSpanContext?.spanId).toBe(clientSpan!.spanContext().spanId);
    expect(serverSpan!.attributes["rpc.grpc.status_code"]).toBe(0);
    // The handler's request context carries its own server span, so its calls and logs join it.
    expect(logIdsOf(seenTraceparent!).spanId).toBe(serverSpan!.spanContext().spanId);
  });

  it("when a call fails with a caller's error, then the client span is ERROR and the server span is not; a server fault makes both ERROR", async () => {
    const callee = memoryTelemetry();
    const caller = memoryTelemetry();
    const server = await serve(callee.telemetry, {
      getUser(req) {
        if (req.id === "boom") throw new Error("database is on fire");
        throw new ConnectError("no such user", Code.NotFound);
      },
    });
    const users = client(server.address, { telemetry: caller.telemetry, retry: false });
    await expect(users.getUser({ id: "x" })).rejects.toMatchObject({ code: Code.NotFound });
    await expect(users.getUser({ id: "boom" })).rejects.toMatchObject({ code: Code.Internal });

    const clientSpans = await caller.spans();
    const serverSpans = await callee.spans();
    const codeOf = (s: ReadableSpan) => s.attributes["rpc.grpc.status_code"];
    expect(clientSpans.map((s) => [codeOf(s), s.status.code])).toEqual([
      [Code.NotFound, SpanStatusCode.ERROR],
      [Code.Internal, SpanStatusCode.ERROR],
    ]);
    expect(serverSpans.map((s) => [codeOf(s), s.status.code])).toEqual([
      [Code.NotFound, SpanStatusCode.UNSET],
      [Code.Internal, SpanStatusCode.ERROR],
    ]);
    // An internal message never leaves the server, not even in the caller's span.
    expect(clientSpans[1]!.status.message).not.toContain("fire");
  });

  it("when the caller does not trace, then the server continues the caller's trace; with no traceparent it starts its own", async () => {
    const callee = memoryTelemetry();
    const server = await serve(callee.telemetry);
    const users = client(server.address);
    await runWithRequestContext({ requestId: "r1", traceparent: PARENT }, () => users.getUser({ id: ALICE.id }));
    await users.getUser({ id: ALICE.id });
    const [continued, fresh] = await callee.spans();
    expect(continued!.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(continued!.attributes["shop.request_id"]).toBe("r1");
    expect(fresh!.parentSpanContext).toBeUndefined();
    expect(fresh!.spanContext().traceId).not.toBe(continued!.spanContext().traceId);
  });

  it("when the caller's trace is not sampled, then the traced server records nothing but still passes the trace id on", async () => {
    const callee = memoryTelemetry();
    let seen: string | undefined;
    const server = await serve(callee.telemetry, {
      getUser() {
        seen = currentRequestContext()?.traceparent;
        return { user: ALICE };
      },
    });
    const unsampled = PARENT.replace(/01$/, "00");
    await client(server.address).getUser({ id: ALICE.id }, { headers: { traceparent: unsampled } });
    expect(await callee.spans()).toEqual([]);
    expect(parseTraceparent(seen)).toMatchObject({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", sampled: false });
  });

  it("when tracing is off and a hostile traceparent arrives, then the server replaces it with a valid unsampled one", async () => {
    let seen: string | undefined;
    const server = await serve(undefined, {
      getUser() {
        seen = currentRequestContext()?.traceparent;
        return { user: ALICE };
      },
    });
    await client(server.address).getUser({ id: ALICE.id }, { headers: { traceparent: `00-${"z".repeat(32)}-0000000000000001-01` } });
    expect(parseTraceparent(seen)?.sampled).toBe(false);
  });
});

describe("RPC metrics", () => {
  it("when calls end with several codes, then both sides count each by method and code and time each once", async () => {
    const callee = memoryTelemetry();
    const caller = memoryTelemetry();
    const server = await serve(callee.telemetry);
    const users = client(server.address, { telemetry: caller.telemetry });
    await users.getUser({ id: ALICE.id });
    await users.getUser({ id: ALICE.id });
    await expect(users.getUser({ id: "missing" })).rejects.toMatchObject({ code: Code.NotFound });
    await users.batchGetUsers({ ids: [ALICE.id] });

    for (const [side, telemetry] of [["server", callee.telemetry], ["client", caller.telemetry]] as const) {
      const requests = `shop_rpc_${side}_requests_total`;
      const base = { grpc_service: "shop.users.v1.UserService" };
      expect(await sample(telemetry, requests, { ...base, grpc_method: "GetUser", grpc_code: "OK" })).toBe(2);
      expect(await sample(telemetry, requests, { ...base, grpc_method: "GetUser", grpc_code: "NOT_FOUND" })).toBe(1);
      expect(await sample(telemetry, requests, { ...base, grpc_method: "BatchGetUsers", grpc_code: "OK" })).toBe(1);
      const text = await telemetry.metrics.text();
      expect(text).toContain(`shop_rpc_${side}_duration_seconds_count{grpc_service="shop.users.v1.UserService",grpc_method="GetUser"} 3`);
    }
  });

  it("when an idempotent read is retried, then each retried attempt is counted with its code and the call once with its final code", async () => {
    const caller = memoryTelemetry();
    let calls = 0;
    const server = await serve(undefined, {
      getUser() {
        calls += 1;
        if (calls < 3) throw new ConnectError("warming up", Code.Unavailable);
        return { user: ALICE };
      },
    });
    const users = client(server.address, { telemetry: caller.telemetry, retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 } });
    await users.getUser({ id: ALICE.id });
    const labels = { grpc_method: "GetUser" };
    expect(await sample(caller.telemetry, "shop_rpc_client_retries_total", { ...labels, grpc_code: "UNAVAILABLE" })).toBe(2);
    expect(await sample(caller.telemetry, "shop_rpc_client_requests_total", { ...labels, grpc_code: "OK" })).toBe(1);
    expect(await sample(caller.telemetry, "shop_rpc_client_requests_total", { ...labels, grpc_code: "UNAVAILABLE" })).toBe(0);
    const [span] = await caller.spans();
    expect(span!.attributes["shop.rpc.attempts"]).toBe(3);
    expect(span!.events.map((e) => e.name)).toEqual(["retry", "retry"]);
  });

  it("when the circuit breaker is open, then its refusals are counted per service and never reach the server", async () => {
    const caller = memoryTelemetry();
    const users = client("127.0.0.1:1", {
      telemetry: caller.telemetry,
      retry: false,
      defaultTimeoutMs: 200,
      circuitBreaker: { failureThreshold: 2, openMs: 60_000, probeTimeoutMs: 100 },
    });
    for (let i = 0; i < 2; i += 1) await expect(users.getUser({ id: "1" })).rejects.toMatchObject({ code: Code.Unavailable });
    await expect(users.getUser({ id: "1" })).rejects.toMatchObject({ code: Code.Unavailable });
    expect(await sample(caller.telemetry, "shop_rpc_client_breaker_rejections_total", { grpc_service: "shop.users.v1.UserService" })).toBe(1);
    expect(await sample(caller.telemetry, "shop_rpc_client_requests_total", { grpc_code: "UNAVAILABLE" })).toBe(2);
  });
});

describe("the /metrics server", () => {
  it("when scraped, then it answers the registry's text on GET /metrics, 404 elsewhere and 405 for other methods", async () => {
    const { telemetry } = memoryTelemetry();
    const port = await telemetry.serveMetrics();
    const base = `http://127.0.0.1:${port}`;
    const scraped = await fetch(`${base}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toContain("text/plain");
    const text = await scraped.text();
    expect(text).toContain("# TYPE process_cpu_seconds_total counter");
    expect(text).toContain("# TYPE shop_rpc_server_requests_total counter");
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
    await telemetry.shutdown();
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });
});
