import { randomUUID } from "node:crypto";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createFakeServices, type FakeServices } from "@shop/bff-testing";
import {
  closeClient,
  createClient,
  createTelemetry,
  METRIC_NAMES,
  service,
  SpanKind,
  startGrpcServer,
  type GrpcServer,
  type Metrics,
  type Telemetry,
} from "@shop/grpc-runtime";
import type { BffServer, ServiceClients } from "@shop/bff-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWebConfig } from "../src/config.js";
import { createWebServer } from "../src/server.js";
import { spanCollector, type FinishedSpan as ExportedSpan } from "@shop/grpc-runtime/testing";
import { keptLogLines } from "./support/observed.js";
import { shopData, userId } from "./support/shop-data.js";
import { testConfig } from "./support/web-harness.js";

/**
 * bff-web traced end to end within one process: the users, catalog and orders routes (over the
 * fakes' in-memory repositories) each on its own gRPC server with its own telemetry, the BFF's
 * clients over real sockets with the BFF's telemetry, every span kept by one collector.
 */

const HOME_PAGE = /* GraphQL */ `
  query HomePage {
    homePage {
      viewer { displayName }
      recommendations(first: 3) { name }
      recentOrders(first: 2) { status lines { quantity product { name } } }
    }
  }
`;

const collected = spanCollector();
const settings = (name: string) => ({ ...loadWebConfig({}).telemetry, serviceName: name });
let fakes: FakeServices;
let servers: GrpcServer[];
let serviceTelemetry: Record<"users" | "catalog" | "orders", Telemetry>;
let bffTelemetry: Telemetry;
let clients: ServiceClients;
let server: BffServer;
const log = keptLogLines("bff-web");

beforeAll(async () => {
  fakes = createFakeServices(shopData({ orders: 3, linesPerOrder: 2 }));
  await fakes.ready;
  serviceTelemetry = {
    users: createTelemetry({ settings: settings("users"), exporter: collected.exporter }),
    catalog: createTelemetry({ settings: settings("catalog"), exporter: collected.exporter }),
    orders: createTelemetry({ settings: settings("orders"), exporter: collected.exporter }),
  };
  servers = await Promise.all([
    startGrpcServer({ services: [service(UserService, fakes.impls.users)], serving: true, telemetry: serviceTelemetry.users }),
    startGrpcServer({ services: [service(CatalogService, fakes.impls.catalog)], serving: true, telemetry: serviceTelemetry.catalog }),
    startGrpcServer({ services: [service(OrderService, fakes.impls.orders)], serving: true, telemetry: serviceTelemetry.orders }),
  ]);
  bffTelemetry = createTelemetry({ settings: settings("bff-web"), exporter: collected.exporter });
  const options = { caller: "bff-web", telemetry: bffTelemetry };
  clients = {
    users: createClient(UserService, servers[0]!.address, options),
    catalog: createClient(CatalogService, servers[1]!.address, options),
    orders: createClient(OrderService, servers[2]!.address, options),
  };
  server = createWebServer({ clients, config: testConfig(), logger: log.logger, telemetry: bffTelemetry });
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const client of Object.values(clients ?? {})) closeClient(client);
  await Promise.all((servers ?? []).map((s) => s.shutdown()));
});

async function gql(query: string, headers: Record<string, string> = {}) {
  const response = await server.yoga.fetch("http://bff-web.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

/** Exports every finished span of every process now (the batch processors would wait seconds). */
async function flushSpans(): Promise<void> {
  for (const telemetry of [bffTelemetry, ...Object.values(serviceTelemetry)]) await telemetry.tracing!.flush();
}

const serviceOf = (span: ExportedSpan) => span.resource.attributes["service.name"];
const idOf = (span: ExportedSpan) => span.spanContext().spanId;
const parentOf = (span: ExportedSpan) => span.parentSpanContext?.spanId;

async function metric(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const family = name.replace(/_(count|sum)$/, "");
  const { values } = await metrics.registry.getSingleMetric(family)!.get();
  const sample = values.find((v) => ((v as { metricName?: string }).metricName ?? family) === name && Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return sample?.value ?? 0;
}

describe("bff-web telemetry across processes", () => {
  it("when a signed-in user opens the home page, then one trace holds the operation, its batches, every client call and every service's server span, correctly linked", async () => {
    const token = (await server.tokens.sign({ userId: userId(1), sessionId: randomUUID() })).token;
    const { status, body, headers } = await gql(HOME_PAGE, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    await flushSpans();
    const requestId = headers.get("x-request-id")!;
    const root = collected.spans.find((span) => span.kind === SpanKind.SERVER && span.attributes["shop.request_id"] === requestId)!;
    expect(root).toBeDefined();
    const trace = collected.spans.filter((span) => span.spanContext().traceId === root.spanContext().traceId);
    expect(root.name).toBe("query HomePage");
    expect(root.parentSpanContext).toBeUndefined();
    expect(serviceOf(root)).toBe("bff-web");

    const batches = trace.filter((span) => span.name.startsWith("dataloader.batch "));
    expect(batches.map((span) => span.name).sort()).toEqual(["dataloader.batch products", "dataloader.batch users"]);
    for (const batch of batches) expect(parentOf(batch)).toBe(idOf(root));
    expect(batches.find((span) => span.name === "dataloader.batch users")!.attributes["graphql.dataloader.batch_size"]).toBe(1);

    // Each call: a CLIENT span in the BFF (under its batch, or under the operation for list calls)
    // and a SERVER span in the service that answered it, child of that client span.
    const clientSpans = trace.filter((span) => span.kind === SpanKind.CLIENT);
    expect(clientSpans.map((span) => span.name).sort()).toEqual([
      "shop.catalog.v1.CatalogService/BatchGetProducts",
      "shop.catalog.v1.CatalogService/ListRecommendations",
      "shop.orders.v1.OrderService/ListOrders",
      "shop.users.v1.UserService/BatchGetUsers",
    ]);
    const batchOf = (loader: string) => idOf(batches.find((span) => span.name === `dataloader.batch ${loader}`)!);
    const clientNamed = (name: string) => clientSpans.find((span) => span.name.endsWith(`/${name}`))!;
    expect(parentOf(clientNamed("BatchGetProducts"))).toBe(batchOf("products"));
    expect(parentOf(clientNamed("BatchGetUsers"))).toBe(batchOf("users"));
    expect(parentOf(clientNamed("ListRecommendations"))).toBe(idOf(root));
    expect(parentOf(clientNamed("ListOrders"))).toBe(idOf(root));
    for (const client of clientSpans) {
      expect(serviceOf(client)).toBe("bff-web");
      expect(client.attributes["rpc.grpc.status_code"]).toBe(0);
      const served = trace.filter((span) => span.kind === SpanKind.SERVER && parentOf(span) === idOf(client));
      expect(served, client.name).toHaveLength(1);
      expect(serviceOf(served[0]!)).toBe(client.name.split(".")[1]);
    }
    expect(new Set(trace.map(serviceOf))).toEqual(new Set(["bff-web", "users", "catalog", "orders"]));

    // The access line joins the trace: same request id, the operation span's trace and span ids.
    const access = log.lines.find((line) => line.msg === "graphql operation" && line["requestId"] === requestId)!;
    expect(access).toMatchObject({ operation: "HomePage", outcome: "ok", rpcs: 4, userId: userId(1), traceId: root.spanContext().traceId, spanId: idOf(root) });
  });

  it("when the home page is opened three times, then the BFF and the services count exactly those operations and calls", async () => {
    const token = (await server.tokens.sign({ userId: userId(1), sessionId: randomUUID() })).token;
    const before = {
      operations: await metric(bffTelemetry.metrics, METRIC_NAMES.graphqlOperations, { operation: "HomePage", type: "query", outcome: "ok" }),
      client: await metric(bffTelemetry.metrics, METRIC_NAMES.rpcClientRequests, { grpc_method: "BatchGetProducts", grpc_code: "OK" }),
      served: await metric(serviceTelemetry.catalog.metrics, METRIC_NAMES.rpcServerRequests, { grpc_service: "shop.catalog.v1.CatalogService", grpc_method: "BatchGetProducts", grpc_code: "OK" }),
      users: await metric(serviceTelemetry.users.metrics, METRIC_NAMES.rpcServerRequests, { grpc_method: "BatchGetUsers", grpc_code: "OK" }),
      batches: await metric(bffTelemetry.metrics, `${METRIC_NAMES.dataloaderBatchSize}_count`, { loader: "products" }),
    };
    for (let i = 0; i < 3; i++) expect((await gql(HOME_PAGE, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(await metric(bffTelemetry.metrics, METRIC_NAMES.graphqlOperations, { operation: "HomePage", type: "query", outcome: "ok" })).toBe(before.operations + 3);
    expect(await metric(bffTelemetry.metrics, METRIC_NAMES.rpcClientRequests, { grpc_method: "BatchGetProducts", grpc_code: "OK" })).toBe(before.client + 3);
    expect(
      await metric(serviceTelemetry.catalog.metrics, METRIC_NAMES.rpcServerRequests, { grpc_service: "shop.catalog.v1.CatalogService", grpc_method: "BatchGetProducts", grpc_code: "OK" }),
    ).toBe(before.served + 3);
    expect(await metric(serviceTelemetry.users.metrics, METRIC_NAMES.rpcServerRequests, { grpc_method: "BatchGetUsers", grpc_code: "OK" })).toBe(before.users + 3);
    expect(await metric(bffTelemetry.metrics, `${METRIC_NAMES.dataloaderBatchSize}_count`, { loader: "products" })).toBe(before.batches + 3);
    expect(await bffTelemetry.metrics.text()).toMatch(/^shop_graphql_operation_rpcs_bucket\{le="4",operation="HomePage"\} \d+$/m);
  });

  it("when 101 differently named operations arrive, then the process admits 100 names in all and counts the rest as other", async () => {
    const labelsSoFar = async () => {
      const { values } = await bffTelemetry.metrics.registry.getSingleMetric(METRIC_NAMES.graphqlOperations)!.get();
      return new Set(values.map((v) => String(v.labels["operation"])).filter((name) => !["other", "anonymous", "unknown"].includes(name)));
    };
    const admittedBefore = (await labelsSoFar()).size; // names the earlier tests used (HomePage)
    const otherBefore = await metric(bffTelemetry.metrics, METRIC_NAMES.graphqlOperations, { operation: "other", outcome: "ok" });
    for (let i = 0; i < 101; i++) expect((await gql(`query Probe${i} { __typename }`)).status).toBe(200);
    const admitted = 100 - admittedBefore;
    expect((await labelsSoFar()).size).toBe(100);
    const count = (operation: string) => metric(bffTelemetry.metrics, METRIC_NAMES.graphqlOperations, { operation, outcome: "ok" });
    expect(await count("Probe0")).toBe(1);
    expect(await count(`Probe${admitted - 1}`)).toBe(1);
    expect(await count(`Probe${admitted}`)).toBe(0);
    expect(await count("other")).toBe(otherBefore + 101 - admitted);
  });
});
