import { silentLogger } from "@shop/grpc-runtime";
import { DEFAULT_LIMITS, type BffServer } from "@shop/bff-kit";
import { DEMO_LOGIN, demoId } from "@shop/service-host/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealDomainServices, type RealDomainServices } from "../../test/support/real-domain-services.js";
import {
  CancelOrderDocument,
  HomeDocument,
  LoginDocument,
  OrderDocument,
  OrdersDocument,
  PlaceOrderDocument,
  ProductsDocument,
  type TypedOperation,
} from "../src/generated/operations.js";
import { createMobileServer } from "../src/server.js";

/**
 * bff-mobile against the real users, catalog and orders services over sockets (gRPC on free ports,
 * each on PGlite in memory, seeded with the demo data), in trusted-documents-only mode: the app's
 * operations are sent by hash, exactly as the mobile client does.
 */

const SEEDED_ORDERS = 2000; // user 0 (the demo login) owns demo orders 0 and 1000

let services: RealDomainServices;
let server: BffServer;
let baseUrl: string;

beforeAll(async () => {
  services = await startRealDomainServices({ caller: "bff-mobile", seedOrders: SEEDED_ORDERS });
  const { clients, health } = services;
  const logger = silentLogger();
  server = await createMobileServer({
    clients,
    logger,
    checkDownstream: health,
    trustedDocumentsOnly: true,
    config: {
      port: 0, host: "127.0.0.1", jwtSecret: "component-test-secret-0123456789abcdef", jwtTtlSeconds: 900,
      requestBudgetMs: 5000, shutdownGraceMs: 1000, limits: DEFAULT_LIMITS, production: true,
    },
  });
  baseUrl = `http://127.0.0.1:${await server.listen()}`;
}, 180_000);

afterAll(async () => {
  await server?.close();
  await services?.stop();
}, 60_000);

interface Sent {
  readonly status: number;
  readonly body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Sends a trusted document by hash over HTTP, as the app does. */
async function send<R, V>(operation: TypedOperation<R, V>, variables: V, token?: string): Promise<Sent> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      operationName: operation.operationName,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: operation.sha256Hash } },
    }),
  });
  return { status: response.status, body: (await response.json()) as Sent["body"] };
}

describe("bff-mobile over the real services", () => {
  let token: string;

  it("when the downstream services serve, then the BFF is ready and reports them serving", async () => {
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
    const response = await fetch(`${baseUrl}/health/downstream`);
    expect(response.status).toBe(200);
  });

  it("when the demo user logs in, then the token opens a home screen in the slim shape", async () => {
    const login = await send(LoginDocument, { ...DEMO_LOGIN });
    expect(login.body.errors).toBeUndefined();
    token = login.body.data.login.token;
    expect(login.body.data.login.user.name).toBe("Demo Shopper");

    const home = await send(HomeDocument, {}, token);
    expect(home.body.errors).toBeUndefined();
    const { user, recommendations, recentOrders } = home.body.data.home;
    expect(user.name).toBe("Demo Shopper");
    expect(recommendations).toHaveLength(10);
    for (const card of recommendations) {
      expect(card.price).toMatch(/^\$[\d,]+\.\d{2}$/);
      expect(Number.isInteger(card.rating)).toBe(true);
    }
    expect(recentOrders.map((o: { id: string }) => o.id)).toEqual([demoId("order", 1000), demoId("order", 0)]);
    expect(recentOrders[0].date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("when products are paged, then the cursor walks the real catalog", async () => {
    const first = await send(ProductsDocument, { first: 3 });
    expect(first.body.data.products.nodes).toHaveLength(3);
    const second = await send(ProductsDocument, { first: 3, after: first.body.data.products.endCursor });
    const ids = [...first.body.data.products.nodes, ...second.body.data.products.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(6);
  });

  it("when an order is placed, read with its products and cancelled, then every step answers the slim shape", async () => {
    const home = await send(HomeDocument, { recommendations: 2 }, token);
    const [a, b] = home.body.data.home.recommendations as { id: string }[];
    const placed = await send(
      PlaceOrderDocument,
      { input: { lines: [{ productId: a!.id, quantity: 1 }, { productId: b!.id, quantity: 2 }], idempotencyKey: "component-1" } },
      token,
    );
    expect(placed.body.data.placeOrder.__typename).toBe("Order");
    const id = placed.body.data.placeOrder.id as string;

    const detail = await send(OrderDocument, { id }, token);
    expect(detail.body.errors).toBeUndefined();
    expect(detail.body.data.order.itemCount).toBe(3);
    expect(detail.body.data.order.lines.map((l: { product: { id: string } }) => l.product.id)).toEqual([a!.id, b!.id]);

    const list = await send(OrdersDocument, { first: 5 }, token);
    expect(list.body.data.orders.nodes[0].id).toBe(id);

    const cancelled = await send(CancelOrderDocument, { id }, token);
    expect(cancelled.body.data.cancelOrder).toEqual({ id, status: "CANCELLED" });
  });

  it("when another user's order is asked for, then it is null like a missing one", async () => {
    const foreign = await send(OrderDocument, { id: demoId("order", 1) }, token);
    const missing = await send(OrderDocument, { id: demoId("order", SEEDED_ORDERS + 5) }, token);
    expect(foreign.body).toEqual({ data: { order: null } });
    expect(missing.body).toEqual(foreign.body);
  });

  it("when a raw document is sent to the production-mode server, then it is refused", async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ products { nodes { id } } }" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Sent["body"]).errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_ONLY");
  });
});
