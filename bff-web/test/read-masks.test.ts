import { mappingProblems } from "@shop/bff-kit";
import type { RecordedCall } from "@shop/bff-testing";
import { describe, expect, it } from "vitest";
import { WEB_READ_MASK_MAPPING } from "../src/read-mask-mapping.js";
import { schema } from "../src/schema/index.js";
import { shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const HOME_PAGE = /* GraphQL */ `
  query HomePage {
    homePage {
      viewer { id displayName avatarUrl }
      recommendations { id name thumbnailUrl inStock price { formatted } }
      recentOrders(first: 5) {
        id status createdAt
        total { formatted }
        lines { quantity unitPrice { amount } product { id name } }
      }
    }
  }
`;

/** The read mask each recorded call carried, by "service.Method" (absent: no mask, every field). */
function masksOf(calls: readonly RecordedCall[]): Record<string, readonly string[] | undefined> {
  const masks: Record<string, readonly string[] | undefined> = {};
  for (const call of calls) masks[`${call.service}.${call.method}`] = (call.request as { readMask?: { paths: string[] } }).readMask?.paths;
  return masks;
}

async function homePage(query: string, config: { readMasks?: boolean } = {}) {
  const harness = webHarness(shopData({ orders: 5, linesPerOrder: 5 }), config);
  const token = await harness.tokenFor(userId(1));
  const { status, body } = await harness.gql(query, { token });
  return { status, body, calls: harness.fakes.calls };
}

describe("read masks: bff-web", () => {
  it("when the mapping is checked against the schema, then every field of every entity type declares its paths", () => {
    expect(mappingProblems(schema, WEB_READ_MASK_MAPPING)).toEqual([]);
  });

  it("when the home page is read, then every read RPC carries the operation's mask of its entity and the calls stay one per level", async () => {
    const { status, body, calls } = await homePage(HOME_PAGE);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(calls.summary()).toEqual({ "users.BatchGetUsers": 1, "orders.ListOrders": 1, "catalog.ListRecommendations": 1, "catalog.BatchGetProducts": 1 });
    const product = ["id", "name", "price", "stock_available", "thumbnail_url"];
    expect(masksOf(calls.all)).toEqual({
      "users.BatchGetUsers": ["avatar_url", "display_name", "id"],
      "catalog.ListRecommendations": product,
      "catalog.BatchGetProducts": product,
      // user_id rides along: the BFF checks an order it loads by id is the viewer's own.
      "orders.ListOrders": ["create_time", "id", "lines.product_id", "lines.quantity", "lines.unit_price", "status", "total", "user_id"],
    });
    const first = body.data.homePage.recentOrders[0];
    expect(first.lines[0]).toMatchObject({ quantity: expect.any(Number), unitPrice: { amount: expect.any(String) }, product: { name: expect.any(String) } });
    expect(body.data.homePage.recommendations[0]).toMatchObject({ name: expect.any(String), thumbnailUrl: expect.any(String), price: { formatted: expect.any(String) } });
  });

  it("when one operation selects products in two places with different fields, then one BatchGetProducts reads the union of both", async () => {
    const query = /* GraphQL */ `
      query TwoShapes {
        homePage {
          recommendations(first: 1) { name }
          recentOrders(first: 5) { lines { product { description rating } } }
        }
      }
    `;
    const { body, calls } = await homePage(query);
    expect(body.errors).toBeUndefined();
    expect(calls.count("catalog.BatchGetProducts")).toBe(1);
    const union = ["average_rating", "description", "id", "name"];
    expect(masksOf(calls.all)["catalog.BatchGetProducts"]).toEqual(union);
    expect(masksOf(calls.all)["catalog.ListRecommendations"]).toEqual(union);
    const products = body.data.homePage.recentOrders.flatMap((o: { lines: { product: unknown }[] }) => o.lines.map((l) => l.product));
    expect(products.every((p: { description: string; rating: number }) => typeof p.description === "string" && p.description !== "")).toBe(true);
  });

  it("when a product comes through fragments, aliases and node, then its mask holds exactly the fields they select", async () => {
    const query = /* GraphQL */ `
      fragment Card on Product { cardName: name thumbnailUrl }
      query ByNode($id: ID!) {
        node(id: $id) { ... on Product { ...Card price { amount } } }
      }
    `;
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const products = await harness.gql("{ products(first: 1) { edges { node { id } } } }");
    const id = products.body.data.products.edges[0].node.id as string;
    harness.fakes.calls.reset();
    const { body } = await harness.gql(query, { variables: { id } });
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toMatchObject({ cardName: expect.any(String), thumbnailUrl: expect.any(String), price: { amount: expect.any(String) } });
    expect(masksOf(harness.fakes.calls.all)).toEqual({ "catalog.BatchGetProducts": ["id", "name", "price", "thumbnail_url"] });
  });

  it("when WEB_READ_MASKS is off, then no RPC carries a mask and the answer is the same", async () => {
    const on = await homePage(HOME_PAGE);
    const off = await homePage(HOME_PAGE, { readMasks: false });
    expect(off.body).toEqual(on.body);
    expect(Object.values(masksOf(off.calls.all)).every((mask) => mask === undefined)).toBe(true);
  });
});
