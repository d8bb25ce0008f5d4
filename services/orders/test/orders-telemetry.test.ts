import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { startCatalogService, type RunningCatalogService } from "@shop/catalog/app";
import { demoProductRecord } from "@shop/catalog/testing";
import { OrderService } from "@shop/contracts/orders/v1";
import { closeClient, createClient, runWithRequestContext, silentLogger } from "@shop/grpc-runtime";
import { createTestTelemetry, metricValue, parentIdOf, spansOfTrace, type TestTelemetry } from "@shop/service-host/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrdersService, type RunningOrdersService } from "../src/app.js";
import { uuid } from "./support/harness.js";

const ORDERS = "shop.orders.v1.OrderService";
const CATALOG = "shop.catalog.v1.CatalogService";

// Orders and the real catalog, each with its own telemetry as in its own process: placing an order
// is one trace from the caller through orders, its catalog calls and both databases.
describe("orders telemetry: placeOrder's catalog calls join the caller's trace", () => {
  let catalogTelemetry: TestTelemetry;
  let ordersTelemetry: TestTelemetry;
  let callerTelemetry: TestTelemetry;
  let catalog: RunningCatalogService;
  let orders: RunningOrdersService;
  let client: ReturnType<typeof createClient<typeof OrderService>>;
  const product = Array.from({ length: 50 }, (_, i) => demoProductRecord(i)).find((p) => p.stock >= 5)!;

  beforeAll(async () => {
    catalogTelemetry = createTestTelemetry("catalog");
    ordersTelemetry = createTestTelemetry("orders");
    callerTelemetry = createTestTelemetry("caller");
    catalog = await startCatalogService({ inMemory: true, seed: false, logger: silentLogger(), telemetry: catalogTelemetry.telemetry });
    await catalog.insertProducts([product]);
    orders = await startOrdersService({
      inMemory: true,
      seed: false,
      logger: silentLogger(),
      catalogTargets: [catalog.address],
      telemetry: ordersTelemetry.telemetry,
    });
    client = createClient(OrderService, orders.address, { retry: false, caller: "test", telemetry: callerTelemetry.telemetry });
  }, 180_000);
  afterAll(async () => {
    if (client !== undefined) closeClient(client);
    await orders?.stop();
    await catalog?.stop();
    await callerTelemetry?.telemetry.shutdown();
  });

  it("when an order is placed in a traced operation, then orders → catalog client spans, catalog's server spans and both databases' spans are one trace", async () => {
    const operation = callerTelemetry.telemetry.tracing!.startSpan("placeOrder", SpanKind.SERVER, undefined);
    const traceId = operation.span.spanContext().traceId;
    const { order } = await runWithRequestContext({ requestId: "req-place-1", traceparent: operation.traceparent, span: operation.span }, () =>
      client.placeOrder({ userId: uuid(), idempotencyKey: "telemetry-1", lines: [{ productId: product.id, quantity: 2 }] }),
    );
    operation.span.end();
    expect(order?.id).toBeDefined();
    // Stopping flushes each process's last spans.
    await orders.stop();
    await catalog.stop();
    await callerTelemetry.telemetry.shutdown();

    const callerSpans = spansOfTrace(callerTelemetry.exporter.getFinishedSpans(), traceId);
    const ordersSpans = spansOfTrace(ordersTelemetry.exporter.getFinishedSpans(), traceId);
    const catalogSpans = spansOfTrace(catalogTelemetry.exporter.getFinishedSpans(), traceId);
    const one = (spans: ReadableSpan[], name: string, kind: SpanKind): ReadableSpan => {
      const found = spans.filter((s) => s.name === name && s.kind === kind);
      expect(found, `${name} (${SpanKind[kind]}) among ${spans.map((s) => s.name).join(", ")}`).toHaveLength(1);
      return found[0]!;
    };
    const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((s) => parentIdOf(s) === parent.spanContext().spanId);

    const callerClient = one(callerSpans, `${ORDERS}/PlaceOrder`, SpanKind.CLIENT);
    const placeServer = one(ordersSpans, `${ORDERS}/PlaceOrder`, SpanKind.SERVER);
    expect(parentIdOf(placeServer)).toBe(callerClient.spanContext().spanId);
    expect(placeServer.status.code).toBe(SpanStatusCode.UNSET);

    // Orders' calls to catalog: client spans children of PlaceOrder's server span, each the parent of catalog's server span.
    for (const method of ["BatchGetProducts", "ReserveStock"]) {
      const outgoing = one(ordersSpans, `${CATALOG}/${method}`, SpanKind.CLIENT);
      expect(parentIdOf(outgoing)).toBe(placeServer.spanContext().spanId);
      expect(outgoing.attributes["rpc.grpc.status_code"]).toBe(0);
      const served = one(catalogSpans, `${CATALOG}/${method}`, SpanKind.SERVER);
      expect(parentIdOf(served)).toBe(outgoing.spanContext().spanId);
      expect(served.attributes["shop.caller"]).toBe("orders");
    }
    // Each side's statements are children of the call they serve.
    const reserveServer = one(catalogSpans, `${CATALOG}/ReserveStock`, SpanKind.SERVER);
    const reserveStatements = childrenOf(catalogSpans, reserveServer).map((s) => s.name);
    expect(reserveStatements).toEqual(expect.arrayContaining(["INSERT reservations", "UPDATE products", "COMMIT"]));
    const orderStatements = childrenOf(ordersSpans, placeServer).filter((s) => s.attributes["db.system.name"] === "postgresql");
    expect(orderStatements.map((s) => s.name)).toEqual(expect.arrayContaining(["INSERT orders", "INSERT order_lines"]));
    for (const span of [...orderStatements, ...childrenOf(catalogSpans, reserveServer)]) expect(span.kind).toBe(SpanKind.CLIENT);

    // Nothing else was traced: the products inserted at start, outside any request, made no root span of their own.
    const everything = [...ordersTelemetry.exporter.getFinishedSpans(), ...catalogTelemetry.exporter.getFinishedSpans()];
    expect(new Set(everything.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));

    // The client side of orders → catalog is counted in orders' metrics, the server side in catalog's.
    const calls = (t: TestTelemetry, side: "client" | "server", service: string, method: string) =>
      metricValue(t.telemetry.metrics, `shop_rpc_${side}_requests_total`, { grpc_service: service, grpc_method: method, grpc_code: "OK" });
    expect(await calls(ordersTelemetry, "server", ORDERS, "PlaceOrder")).toBe(1);
    expect(await calls(ordersTelemetry, "client", CATALOG, "ReserveStock")).toBe(1);
    expect(await calls(ordersTelemetry, "client", CATALOG, "BatchGetProducts")).toBe(1);
    expect(await calls(catalogTelemetry, "server", CATALOG, "ReserveStock")).toBe(1);
    expect(await metricValue(ordersTelemetry.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "orders" })).toBe(1);
  }, 60_000);
});
