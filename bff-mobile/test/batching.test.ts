import { demoSlice, type Seed } from "@shop/bff-testing";
import { demoId, demoProduct, demoUser } from "@shop/service-host/demo";
import { afterEach, describe, expect, it } from "vitest";
import { HomeDocument } from "../src/generated/operations.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

/**
 * Batching, proven by counting calls on the fakes. Levels of the mobile query tree:
 * - home: user (users), recommendations (catalog), recentOrders (orders) all sit on level 2,
 *   so a home screen costs exactly one call per service, whatever the sizes.
 * - orders: the list (orders, level 1), then every line's product (catalog, level 4), one
 *   BatchGetProducts for all lines of all orders, duplicates asked once.
 */

/**
 * Demo user 0 with `orders` orders of `lines` lines each, over the first `products` demo products:
 * line l of order o is product `productOf(o, l)`, by default (o + l) mod products, so ids repeat
 * across orders.
 */
function dataWith(
  orders: number,
  lines: number,
  products: number,
  productOf = (o: number, l: number) => (o + l) % products,
) {
  const userId = demoUser(0).id;
  const stored = Array.from({ length: orders }, (_, o) => ({
    id: demoId("test-order", o),
    userId,
    createdAt: new Date(Date.UTC(2026, 1, 1) + o * 60_000),
    lines: Array.from({ length: lines }, (_, l) => ({ productId: demoProduct(productOf(o, l)).id, quantity: 1 + (l % 3) })),
  }));
  const slice = demoSlice({ users: 3, products, orders: 0 });
  const seed: Seed = async (records) => {
    await slice(records);
    await records.addOrders(stored);
  };
  return { seed, userId, stored };
}

const ORDERS_WITH_PRODUCTS = `query Orders($first: Int) {
  orders(first: $first) { nodes { id total lines { quantity product { id name price thumbnailUrl } } } }
}`;

let harness: MobileHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("batching", () => {
  it.each([
    { orders: 5, recommendations: 20 },
    { orders: 50, recommendations: 50 },
  ])(
    "when the home screen of a user with $orders orders asks for $recommendations recommendations, then each service is called once",
    async ({ orders, recommendations }) => {
      const { seed, userId } = dataWith(orders, 5, 60);
      harness = await startHarness({ seed });
      const response = await harness.post(
        {
          query: HomeDocument.document,
          variables: { recommendations, recentOrders: Math.min(orders, 20) },
        },
        bearer(await harness.tokenFor(userId)),
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.home.recommendations).toHaveLength(recommendations);
      expect(response.body.data?.home.recentOrders).toHaveLength(Math.min(orders, 20));
      expect(harness.fakes.calls.summary()).toEqual({
        "users.BatchGetUsers": 1,
        "catalog.ListRecommendations": 1,
        "orders.ListOrders": 1,
      });
    },
  );

  it.each([
    { orders: 5, lines: 5 },
    { orders: 50, lines: 10 },
  ])(
    "when $orders orders of $lines lines are listed with their products, then orders and catalog are called once each",
    async ({ orders, lines }) => {
      const { seed, userId, stored } = dataWith(orders, lines, 30);
      harness = await startHarness({ seed });
      const response = await harness.post(
        { query: ORDERS_WITH_PRODUCTS, variables: { first: orders } },
        bearer(await harness.tokenFor(userId)),
      );
      expect(response.body.errors).toBeUndefined();
      const nodes = response.body.data?.orders.nodes as { lines: { product: { id: string } | null }[] }[];
      expect(nodes).toHaveLength(orders);
      expect(nodes.flatMap((n) => n.lines).every((l) => l.product !== null)).toBe(true);
      expect(harness.fakes.calls.summary()).toEqual({ "orders.ListOrders": 1, "catalog.BatchGetProducts": 1 });

      // Duplicate product ids (the same product on many lines) are asked for once.
      const asked = (harness.fakes.calls.all.find((c) => c.method === "BatchGetProducts")!.request as { ids: string[] }).ids;
      const distinct = new Set(stored.flatMap((o) => o.lines.map((l) => l.productId)));
      expect(asked).toHaveLength(distinct.size);
      expect(new Set(asked)).toEqual(distinct);
    },
  );

  it("when several orders are asked for by id in one document, then one BatchGetOrders and one BatchGetProducts answer them all", async () => {
    const { seed, userId, stored } = dataWith(6, 4, 10);
    harness = await startHarness({ seed });
    const ids = stored.map((o) => o.id);
    const query = `query {
      ${ids.map((id, i) => `o${i}: order(id: "${id}") { id lines { product { name } } }`).join("\n")}
      again: order(id: "${ids[0]}") { id }
    }`;
    const response = await harness.post({ query }, bearer(await harness.tokenFor(userId)));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.["o5"].id).toBe(ids[5]);
    expect(harness.fakes.calls.summary()).toEqual({ "orders.BatchGetOrders": 1, "catalog.BatchGetProducts": 1 });
    expect((harness.fakes.calls.all[0]!.request as { ids: string[] }).ids).toEqual(ids);
  });

  it("when more distinct products are needed than one batch RPC takes, then they are split into calls of at most 500", async () => {
    // 50 orders × 20 lines over 1,000 products: every line a different product.
    const { seed, userId } = dataWith(50, 20, 1000, (o, l) => o * 20 + l);
    harness = await startHarness({ seed });
    const response = await harness.post(
      { query: `{ orders(first: 50) { nodes { lines { product { id } } } } }` },
      bearer(await harness.tokenFor(userId)),
    );
    expect(response.body.errors).toBeUndefined();
    const sizes = harness.fakes.calls.all
      .filter((c) => c.method === "BatchGetProducts")
      .map((c) => (c.request as { ids: string[] }).ids.length);
    expect(sizes).toEqual([500, 500]);
  });

  it("when products were already listed in the same request, then they are not fetched again", async () => {
    const { seed, userId } = dataWith(3, 3, 10);
    harness = await startHarness({ seed });
    const response = await harness.post(
      {
        query: `{ products(first: 10) { nodes { id } } orders(first: 3) { nodes { lines { product { name } } } } }`,
      },
      bearer(await harness.tokenFor(userId)),
    );
    expect(response.body.errors).toBeUndefined();
    // All 10 products were primed by ListProducts; the order lines reuse them.
    expect(harness.fakes.calls.summary()).toEqual({ "catalog.ListProducts": 1, "orders.ListOrders": 1 });
  });

  it("when a request carries x-request-id, then every downstream call carries it and so does the response", async () => {
    const { seed, userId } = dataWith(2, 2, 10);
    harness = await startHarness({ seed });
    const response = await harness.post(
      { query: HomeDocument.document },
      { ...bearer(await harness.tokenFor(userId)), "x-request-id": "mobile-req-42" },
    );
    expect(response.headers.get("x-request-id")).toBe("mobile-req-42");
    expect(harness.fakes.calls.all).toHaveLength(3);
    for (const call of harness.fakes.calls.all) {
      expect(call.headers.get("x-request-id")).toBe("mobile-req-42");
      expect(call.headers.get("x-caller")).toBe("bff-mobile");
      expect(call.endUser).toBe(userId);
      expect(call.headers.has("x-user-id")).toBe(false);
      expect(call.timeoutMs).toBeGreaterThan(0);
      expect(call.timeoutMs).toBeLessThanOrEqual(2000);
    }
  });
});
