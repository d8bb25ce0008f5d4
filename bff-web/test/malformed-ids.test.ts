import { encodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { orderId, productId, shopData, userId } from "./support/shop-data.js";
import { errorCodes, webHarness } from "./support/web-harness.js";

const seed = shopData({ orders: 2, linesPerOrder: 1, products: 5 });

describe("ids that cannot name a record", () => {
  it("when a well-formed global id carries a local id that is not a UUIDv7, then that node is null and the valid node batched with it still loads", async () => {
    const harness = webHarness(seed);
    const token = await harness.tokenFor(userId(1));
    const own = encodeGlobalID("Order", orderId(1, 0));
    const { body } = await harness.gql(
      `query ($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
        a: node(id: $a) { id } b: node(id: $b) { id }
        c: product(id: $c) { name } d: product(id: $d) { name }
      }`,
      { token, variables: { a: own, b: encodeGlobalID("Order", "o-1"), c: encodeGlobalID("Product", productId(2)), d: encodeGlobalID("Product", "p-1") } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { id: own }, b: null, c: { name: "Product 2" }, d: null });
    expect(harness.fakes.calls.summary()).toEqual({ "orders.BatchGetOrders": 1, "catalog.BatchGetProducts": 1 });
    for (const call of harness.fakes.calls.all) expect((call.request as { ids: string[] }).ids).toHaveLength(1);
  });

  it("when cancelOrder gets a local id that is not a UUIDv7, then it answers NOT_FOUND like a missing order and calls nothing", async () => {
    const harness = webHarness(seed);
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql("mutation ($id: ID!) { cancelOrder(id: $id) { id } }", {
      token, variables: { id: encodeGlobalID("Order", "o-1") },
    });
    expect(errorCodes(body)).toEqual(["cancelOrder:NOT_FOUND"]);
    expect(harness.fakes.calls.count()).toBe(0);
  });
});
