import { Code, ConnectError } from "@connectrpc/connect";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { closeClient, createClient, createLogger, runWithRequestContext } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { createTestTelemetry, metricValue, parentIdOf, spansOfTrace, type TestTelemetry } from "@shop/service-host/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCatalogService, type RunningCatalogService } from "../src/app.js";
import { newProduct } from "./support/fixture.js";

const SERVICE = "shop.catalog.v1.CatalogService";

/**
 * The catalog as its process runs it (gRPC on a free port, embedded PGlite in memory, telemetry
 * with spans kept in memory and `/metrics` on a free admin port), called by a client that records
 * its own telemetry, as a BFF would.
 */
describe("catalog telemetry: RED metrics, /metrics, and one trace from the caller through the database", () => {
  let server: TestTelemetry;
  let caller: TestTelemetry;
  let running: RunningCatalogService;
  let client: ReturnType<typeof createClient<typeof CatalogService>>;
  const logLines: Record<string, unknown>[] = [];
  const products = [newProduct(), newProduct(), newProduct()];

  beforeAll(async () => {
    // A long export delay: nothing reaches the exporter before the service stops, which proves
    // that stopping flushes the last spans.
    server = createTestTelemetry("catalog", { exportDelayMs: 60_000 });
    caller = createTestTelemetry("caller");
    const logger = createLogger("catalog", {
      level: "info",
      destination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    running = await startCatalogService({ port: 0, inMemory: true, seed: false, logger, telemetry: server.telemetry });
    await running.insertProducts(products);
    client = createClient(CatalogService, running.address, { retry: false, caller: "test", telemetry: caller.telemetry });
  }, 120_000);
  afterAll(async () => {
    if (client !== undefined) closeClient(client);
    await running?.stop();
    await caller?.telemetry.shutdown();
  });

  const ids = () => products.map((product) => product.id);
  const queries = (operation: string, table: string) => metricValue(server.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation, table });
  const served = (method: string, code: string) =>
    metricValue(server.telemetry.metrics, "shop_rpc_server_requests_total", { grpc_service: SERVICE, grpc_method: method, grpc_code: code });
  const made = (method: string, code: string) =>
    metricValue(caller.telemetry.metrics, "shop_rpc_client_requests_total", { grpc_service: SERVICE, grpc_method: method, grpc_code: code });

  it("when calls succeed and fail, then both sides count them exactly by method and code, and the database counts its statements", async () => {
    const selectsBefore = await queries("SELECT", "products");
    for (let i = 0; i < 3; i++) await client.batchGetProducts({ ids: ids() });
    const invalid = await Promise.all([client.getProduct({ id: "not-a-uuid" }).catch((e: unknown) => e), client.getProduct({ id: "" }).catch((e: unknown) => e)]);
    const missing = await client.getProduct({ id: newId() }).catch((e: unknown) => e);
    expect(invalid.map((e) => ConnectError.from(e).code)).toEqual([Code.InvalidArgument, Code.InvalidArgument]);
    expect(ConnectError.from(missing).code).toBe(Code.NotFound);

    for (const count of [served, made]) {
      expect(await count("BatchGetProducts", "OK")).toBe(3);
      expect(await count("GetProduct", "INVALID_ARGUMENT")).toBe(2);
      expect(await count("GetProduct", "NOT_FOUND")).toBe(1);
      expect(await count("GetProduct", "OK")).toBe(0);
    }
    const duration = { grpc_service: SERVICE, grpc_method: "BatchGetProducts" };
    expect(await metricValue(server.telemetry.metrics, "shop_rpc_server_duration_seconds_count", duration)).toBe(3);
    expect(await metricValue(caller.telemetry.metrics, "shop_rpc_client_duration_seconds_count", duration)).toBe(3);
    expect(await metricValue(server.telemetry.metrics, "shop_rpc_server_duration_seconds_count", { grpc_method: "GetProduct" })).toBe(3);
    // One SELECT per batch and one for the missing product; a request refused for bad input reads nothing.
    expect((await queries("SELECT", "products")) - selectsBefore).toBe(4);
    // The products inserted at start are INSERTs into products.
    expect(await queries("INSERT", "products")).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("when /metrics is fetched on the admin port, then it answers the Prometheus text with the RPC, database, pool and process metrics", async () => {
    expect(running.metricsPort).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain(`shop_rpc_server_requests_total{grpc_service="${SERVICE}",grpc_method="BatchGetProducts",grpc_code="OK"} 3\n`);
    expect(text).toContain(`shop_rpc_server_requests_total{grpc_service="${SERVICE}",grpc_method="GetProduct",grpc_code="INVALID_ARGUMENT"} 2\n`);
    expect(text).toMatch(/^shop_db_query_duration_seconds_count\{operation="SELECT",table="products"\} \d+$/m);
    expect(text).toContain("shop_db_pool_max_connections 1\n");
    expect(text).toContain('shop_db_pool_connections{state="in_use"} 0\n');
    expect(text).toContain('shop_db_pool_connections{state="idle"} 1\n');
    expect(text).toContain("shop_db_pool_waiting_requests 0\n");
    for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_p99_seconds", "nodejs_heap_size_used_bytes", "nodejs_gc_duration_seconds"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // No label carries an id: the product ids asked for appear nowhere.
    for (const id of ids()) expect(text).not.toContain(id);
  });

  it("when a traced caller calls, then client → server → database spans form one trace, error calls carry their status, and stopping flushes the server's spans", async () => {
    const tracing = caller.telemetry.tracing!;
    const operation = tracing.startSpan("homePage", SpanKind.SERVER, undefined);
    const traceId = operation.span.spanContext().traceId;
    await runWithRequestContext({ requestId: "req-trace-1", traceparent: operation.traceparent, span: operation.span }, async () => {
      await client.batchGetProducts({ ids: ids() });
      await client.getProduct({ id: newId() }).catch(() => undefined);
    });
    operation.span.end();

    // The caller's side: two client spans, children of the operation's span.
    const callerSpans = spansOfTrace(await caller.spans((all) => spansOfTrace(all, traceId).length === 3), traceId);
    const [batchClient, getClient] = ["BatchGetProducts", "GetProduct"].map((method) => callerSpans.find((s) => s.name === `${SERVICE}/${method}`)!);
    for (const span of [batchClient!, getClient!]) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(parentIdOf(span)).toBe(operation.span.spanContext().spanId);
    }
    expect(batchClient!.status.code).toBe(SpanStatusCode.UNSET);
    expect(getClient!.status.code).toBe(SpanStatusCode.ERROR);
    expect(getClient!.attributes["rpc.grpc.status_code"]).toBe(Code.NotFound);

    // The service exports nothing before it stops (60 s batch delay); stopping flushes.
    expect(spansOfTrace(server.exporter.getFinishedSpans(), traceId)).toEqual([]);
    await running.stop();
    const serverSpans = spansOfTrace(server.exporter.getFinishedSpans(), traceId);
    const batchServer = serverSpans.find((s) => s.name === `${SERVICE}/BatchGetProducts`);
    const getServer = serverSpans.find((s) => s.name === `${SERVICE}/GetProduct`);
    expect(batchServer?.kind).toBe(SpanKind.SERVER);
    expect(parentIdOf(batchServer!)).toBe(batchClient!.spanContext().spanId);
    expect(parentIdOf(getServer!)).toBe(getClient!.spanContext().spanId);
    expect(batchServer!.attributes).toMatchObject({ "rpc.system": "grpc", "rpc.grpc.status_code": 0, "shop.request_id": "req-trace-1", "shop.caller": "test" });
    // NOT_FOUND is the caller's problem, not the server's: the server span is not an error.
    expect(getServer!.attributes["rpc.grpc.status_code"]).toBe(Code.NotFound);
    expect(getServer!.status.code).toBe(SpanStatusCode.UNSET);

    // The database work of each call: a CLIENT span child of that call's server span.
    const dbOf = (parent: typeof batchServer) => serverSpans.filter((s) => parentIdOf(s) === parent!.spanContext().spanId);
    expect(dbOf(batchServer).map((s) => [s.name, s.kind, s.attributes["db.collection.name"]])).toEqual([["SELECT products", SpanKind.CLIENT, "products"]]);
    expect(dbOf(getServer).map((s) => s.name)).toEqual(["SELECT products"]);
    expect(serverSpans).toHaveLength(4);
    expect(new Set(serverSpans.map((s) => s.resource.attributes["service.name"]))).toEqual(new Set(["catalog"]));

    // The service's log lines of those calls carry the trace id and the request id.
    const rpcLines = logLines.filter((line) => line.msg === "rpc" && line.traceId === traceId);
    expect(rpcLines.map((line) => [line.method, line.requestId])).toEqual([
      [`/${SERVICE}/BatchGetProducts`, "req-trace-1"],
      [`/${SERVICE}/GetProduct`, "req-trace-1"],
    ]);
    expect(rpcLines.map((line) => line.spanId)).toEqual([batchServer!.spanContext().spanId, getServer!.spanContext().spanId]);

    // And the admin port is closed once stopped.
    await expect(fetch(`http://127.0.0.1:${running.metricsPort}/metrics`)).rejects.toThrow();
  }, 30_000);
});
