import { describe, expect, it } from "vitest";
import { shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const HOME_PAGE = /* GraphQL */ `
  query HomePage($orders: Int!) {
    homePage {
      viewer { id displayName email avatarUrl }
      recommendations { id name imageUrl rating price { amount currency formatted } }
      recentOrders(first: $orders) {
        id createdAt status itemCount
        total { amount formatted }
        lines { quantity unitPrice { amount } lineTotal { formatted } product { id name price { formatted } } }
      }
    }
  }
`;

/**
 * The home page costs one RPC per service per level of the query tree:
 *   level 2 — users.BatchGetUsers (viewer), orders.ListOrders (recentOrders),
 *             catalog.ListRecommendations (recommendations);
 *   level 4 — catalog.BatchGetProducts (every line's product, minus those already recommended).
 */
const EXPECTED_CALLS = {
  "users.BatchGetUsers": 1,
  "orders.ListOrders": 1,
  "catalog.ListRecommendations": 1,
  "catalog.BatchGetProducts": 1,
};

async function homePageCalls(orders: number, linesPerOrder: number) {
  const harness = webHarness(shopData({ orders, linesPerOrder }));
  const token = await harness.tokenFor(userId(1));
  const { status, body } = await harness.gql(HOME_PAGE, { token, variables: { orders } });
  return { status, body, fakes: harness.fakes };
}

describe("batching: the web home page", () => {
  it("when a user with 5 orders × 5 lines and 20 recommendations opens it, then each service is called once per level", async () => {
    const { status, body, fakes } = await homePageCalls(5, 5);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.homePage.recommendations).toHaveLength(20);
    expect(body.data.homePage.recentOrders).toHaveLength(5);
    expect(body.data.homePage.recentOrders.flatMap((o: { lines: unknown[] }) => o.lines)).toHaveLength(25);
    expect(fakes.calls.summary()).toEqual(EXPECTED_CALLS);
  });

  it("when the same user has 50 orders × 10 lines, then the count of calls is the same", async () => {
    const { body, fakes } = await homePageCalls(50, 10);
    expect(body.errors).toBeUndefined();
    const lines = body.data.homePage.recentOrders.flatMap((o: { lines: { product: { name: string } | null }[] }) => o.lines);
    expect(lines).toHaveLength(500);
    expect(lines.every((l: { product: unknown }) => l.product !== null)).toBe(true);
    expect(fakes.calls.summary()).toEqual(EXPECTED_CALLS);
  });

  it("when order lines repeat products and recommendations already hold some, then each product is fetched once and recommended ones not at all", async () => {
    const { body, fakes } = await homePageCalls(50, 10);
    const recentOrders = body.data.homePage.recentOrders as { lines: { product: { id: string } }[] }[];
    const lineProducts = recentOrders.flatMap((o) => o.lines.map((l) => l.product.id));
    const recommended = new Set((body.data.homePage.recommendations as { id: string }[]).map((p) => p.id));
    const [batch] = fakes.calls.all.filter((c) => c.method === "BatchGetProducts");
    const requested = (batch!.request as { ids: string[] }).ids;
    expect(new Set(requested).size).toBe(requested.length);
    expect(lineProducts.length).toBeGreaterThan(new Set(lineProducts).size); // the data does repeat products
    const expected = [...new Set(lineProducts)].filter((id) => !recommended.has(id));
    expect(requested.length).toBe(expected.length);
  });

  it("when the home page is read, then money, ratings and images are shaped for the web client", async () => {
    const { body } = await homePageCalls(5, 5);
    const home = body.data.homePage;
    expect(home.viewer).toMatchObject({ displayName: "Ada", email: "ada@shop.test", avatarUrl: "https://img.shop.test/a.jpg" });
    const first = home.recommendations[0];
    expect(first.rating).toBe(3.5);
    expect(first.imageUrl).toMatch(/^https:\/\/img\.shop\.test\/web-test\/\d+\/0\.jpg$/);
    expect(first.price.formatted).toBe(`$${first.price.amount}`);
    const order = home.recentOrders[0];
    expect(order.createdAt).toBe("2026-01-01T00:04:00.000Z");
    expect(order.itemCount).toBe(order.lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0));
  });

  it("when products are asked for through node(id) many times, then one BatchGetProducts serves them", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const { body: list } = await harness.gql("{ products(first: 5) { edges { node { id } } } }");
    const ids: string[] = list.data.products.edges.map((e: { node: { id: string } }) => e.node.id);
    harness.fakes.calls.reset();
    const query = `{ ${ids.map((id, i) => `p${i}: node(id: "${id}") { ... on Product { name } } again${i}: product(id: "${id}") { name }`).join(" ")} }`;
    const { body } = await harness.gql(query);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data).every((p) => p !== null)).toBe(true);
    expect(harness.fakes.calls.summary()).toEqual({ "catalog.BatchGetProducts": 1 });
  });

  it("when the viewer's orders connection is read with line products, then it costs one ListOrders and one BatchGetProducts", async () => {
    const harness = webHarness(shopData({ orders: 30, linesPerOrder: 4 }));
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql(
      "{ viewer { orders(first: 20) { edges { node { id lines { product { name } } } } pageInfo { hasNextPage endCursor } } } }",
      { token },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.viewer.orders.edges).toHaveLength(20);
    expect(body.data.viewer.orders.pageInfo.hasNextPage).toBe(true);
    expect(harness.fakes.calls.summary()).toEqual({ "users.BatchGetUsers": 1, "orders.ListOrders": 1, "catalog.BatchGetProducts": 1 });
  });
});
