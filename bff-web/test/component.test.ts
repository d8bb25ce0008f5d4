import { encodeGlobalID } from "@pothos/plugin-relay";
import { silentLogger } from "@shop/grpc-runtime";
import type { BffServer } from "@shop/bff-kit";
import { DEMO_LOGIN, demoId } from "@shop/service-host/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealDomainServices, type RealDomainServices } from "../../test/support/real-domain-services.js";
import { createWebServer } from "../src/server.js";
import { testConfig } from "./support/web-harness.js";

/**
 * bff-web against the real users, catalog and orders services over sockets: gRPC on free ports,
 * each on PGlite in memory and seeded with the demo data; the BFF on a free HTTP port.
 */

const SEEDED_ORDERS = 2000; // user 0 (the demo login) owns demo orders 0 and 1000; user 1 owns 1 and 1001

let services: RealDomainServices;
let server: BffServer;
let baseUrl: string;

beforeAll(async () => {
  services = await startRealDomainServices({ caller: "bff-web", seedOrders: SEEDED_ORDERS });
  const { clients, health } = services;
  const logger = silentLogger();
  server = createWebServer({ clients, logger, checkDownstream: health, config: testConfig({ requestBudgetMs: 5000 }) });
  baseUrl = `http://127.0.0.1:${await server.listen()}`;
}, 180_000);

afterAll(async () => {
  await server?.close();
  await services?.stop();
}, 60_000);

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

async function demoToken(): Promise<string> {
  const { body } = await gql("mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: DEMO_LOGIN.email, p: DEMO_LOGIN.password });
  expect(body.errors).toBeUndefined();
  return body.data.login.token;
}

describe("bff-web over the real services", () => {
  it("when the services are up, then /health/downstream reports each of them serving", async () => {
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
    const response = await fetch(`${baseUrl}/health/downstream`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "serving", services: { users: true, catalog: true, orders: true } });
  });

  it("when the demo user logs in and opens the home page, then viewer, recommendations and recent orders with products come back", async () => {
    const token = await demoToken();
    const { status, body } = await gql(
      "{ homePage { viewer { displayName email } recommendations { id name rating price { amount formatted } imageUrl } recentOrders { id createdAt status itemCount total { amount formatted } lines { quantity lineTotal { amount } product { name } } } } }",
      {},
      token,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const home = body.data.homePage;
    expect(home.viewer).toEqual({ displayName: "Demo Shopper", email: DEMO_LOGIN.email });
    expect(home.recommendations).toHaveLength(20);
    expect(home.recommendations[0].price.amount).toMatch(/^\d+\.\d{2}$/);
    expect(home.recommendations[0].price.formatted).toMatch(/^\$[\d,]+\.\d{2}$/);
    expect(home.recentOrders.map((o: { id: string }) => o.id)).toEqual([encodeGlobalID("Order", demoId("order", 1000)), encodeGlobalID("Order", demoId("order", 0))]);
    for (const order of home.recentOrders) {
      expect(order.lines.length).toBeGreaterThan(0);
      expect(order.lines.every((l: { product: { name: string } | null }) => l.product !== null && l.product.name.length > 0)).toBe(true);
    }
  });

  it("when the products connection is paged, then the second page continues the first", async () => {
    const first = await gql("{ products(first: 3, category: \"coffee\") { edges { node { name category } } pageInfo { hasNextPage endCursor } } }");
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data.products;
    expect(page1.edges).toHaveLength(3);
    expect(page1.edges.every((e: { node: { category: string } }) => e.node.category === "coffee")).toBe(true);
    const second = await gql("query N($after: String) { products(first: 3, category: \"coffee\", after: $after) { edges { node { name } } } }", { after: page1.pageInfo.endCursor });
    const names = [...page1.edges, ...second.body.data.products.edges].map((e: { node: { name: string } }) => e.node.name);
    expect(new Set(names).size).toBe(6);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("when the demo user places an order, retries it and cancels it, then one order is placed and it ends CANCELLED", async () => {
    const token = await demoToken();
    const { body: home } = await gql("{ homePage { recommendations(first: 2) { id price { amount } } } }", {}, token);
    const [a, b] = home.data.homePage.recommendations;
    const input = { lines: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }], idempotencyKey: `web-component-${Date.now()}` };
    const place = "mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on Order { id status itemCount lines { product { id } } } ... on InvalidInputError { fieldPaths } ... on OutOfStockError { productIds } } }";
    const first = await gql(place, { input }, token);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.placeOrder).toMatchObject({ __typename: "Order", status: "PLACED", itemCount: 3 });
    const retry = await gql(place, { input }, token);
    expect(retry.body.data.placeOrder.id).toBe(first.body.data.placeOrder.id);
    const cancelled = await gql(`mutation { cancelOrder(id: "${first.body.data.placeOrder.id}") { status } }`, {}, token);
    expect(cancelled.body.data.cancelOrder).toEqual({ status: "CANCELLED" });
  });

  it("when the demo user asks for another user's order, then the answer equals the one for an order that does not exist", async () => {
    const token = await demoToken();
    const ask = (id: string) => gql(`{ node(id: "${encodeGlobalID("Order", id)}") { id } }`, {}, token);
    const theirs = await ask(demoId("order", 1));
    const missing = await ask(demoId("order", 999_999));
    expect(theirs.body).toEqual(missing.body);
    expect(theirs.body.data.node).toBeNull();
  });

  it("when placeOrder names a product that does not exist, then InvalidInputError points at that line", async () => {
    const token = await demoToken();
    const input = { lines: [{ productId: encodeGlobalID("Product", demoId("product", 999_999)), quantity: 1 }], idempotencyKey: `missing-${Date.now()}` };
    const { body } = await gql("mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on InvalidInputError { fieldPaths } } }", { input }, token);
    expect(body.errors).toBeUndefined();
    expect(body.data.placeOrder).toEqual({ __typename: "InvalidInputError", fieldPaths: ["input.lines[0].productId"] });
  });
});
