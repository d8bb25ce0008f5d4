import { encodeGlobalID } from "@pothos/plugin-relay";
import { OrderStatus } from "@shop/contracts/orders/v1";
import { describe, expect, it } from "vitest";
import { orderId, productId, shopData, userId } from "./support/shop-data.js";
import { errorCodes, webHarness } from "./support/web-harness.js";

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on Order { id status itemCount total { amount formatted } lines { quantity product { name } } }
      ... on OutOfStockError { message productIds }
      ... on InvalidInputError { message fieldPaths violations { field description } }
    }
  }
`;
const pid = (n: number) => encodeGlobalID("Product", productId(n));

describe("placeOrder", () => {
  it("when the lines are valid and in stock, then the order comes back priced and its products resolved", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const token = await harness.tokenFor(userId(1));
    const input = { lines: [{ productId: pid(3), quantity: 2 }, { productId: pid(5), quantity: 1 }], idempotencyKey: "k-1" };
    const { body } = await harness.gql(PLACE, { token, variables: { input } });
    expect(body.errors).toBeUndefined();
    expect(body.data.placeOrder).toMatchObject({
      __typename: "Order", status: "PLACED", itemCount: 3, total: { amount: "3.11", formatted: "$3.11" },
      lines: [{ quantity: 2, product: { name: "Product 3" } }, { quantity: 1, product: { name: "Product 5" } }],
    });
    const call = harness.fakes.calls.all.find((c) => c.method === "PlaceOrder")!;
    expect(call.request).toMatchObject({ userId: userId(1), idempotencyKey: "k-1", lines: [{ productId: productId(3), quantity: 2 }, { productId: productId(5), quantity: 1 }] });
  });

  it("when the same idempotency key is retried, then the same order comes back and only one is placed", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const token = await harness.tokenFor(userId(1));
    const input = { lines: [{ productId: pid(3), quantity: 1 }], idempotencyKey: "retry-me" };
    const first = await harness.gql(PLACE, { token, variables: { input } });
    const second = await harness.gql(PLACE, { token, variables: { input } });
    expect(second.body.data.placeOrder.id).toBe(first.body.data.placeOrder.id);
    expect(await harness.fakes.data.ordersOf(userId(1))).toHaveLength(1);
  });

  it("when a product is short of stock, then OutOfStockError names its global id", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const token = await harness.tokenFor(userId(1));
    // Product 49 has no stock in the test catalog.
    const input = { lines: [{ productId: pid(3), quantity: 1 }, { productId: pid(49), quantity: 1 }], idempotencyKey: "k-2" };
    const { body } = await harness.gql(PLACE, { token, variables: { input } });
    expect(body.data.placeOrder).toEqual({ __typename: "OutOfStockError", message: "Some products are out of stock.", productIds: [pid(49)] });
  });

  it("when the input is invalid, then InvalidInputError lists the field paths of the arguments", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const token = await harness.tokenFor(userId(1));
    const input = { lines: [{ productId: pid(3), quantity: 0 }, { productId: pid(4), quantity: 101 }], idempotencyKey: "bad key!" };
    const { body } = await harness.gql(PLACE, { token, variables: { input } });
    expect(body.data.placeOrder.__typename).toBe("InvalidInputError");
    expect(body.data.placeOrder.fieldPaths.sort()).toEqual(["input.idempotencyKey", "input.lines[0].quantity", "input.lines[1].quantity"]);
  });

  it("when a product id is not a Product global id, then InvalidInputError names it and nothing is called", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const token = await harness.tokenFor(userId(1));
    const input = { lines: [{ productId: encodeGlobalID("Order", "o-1"), quantity: 1 }], idempotencyKey: "k-3" };
    const { body } = await harness.gql(PLACE, { token, variables: { input } });
    expect(body.data.placeOrder).toMatchObject({ __typename: "InvalidInputError", fieldPaths: ["input.lines[0].productId"] });
    expect(harness.fakes.calls.count("orders")).toBe(0);
  });

  it("when nobody is signed in, then placeOrder is UNAUTHENTICATED and nothing is called", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const { body } = await harness.gql(PLACE, { variables: { input: { lines: [{ productId: pid(3), quantity: 1 }], idempotencyKey: "k" } } });
    expect(errorCodes(body)).toEqual(["placeOrder:UNAUTHENTICATED"]);
    expect(harness.fakes.calls.count()).toBe(0);
  });
});

describe("cancelOrder", () => {
  it("when the user cancels their own placed order, then it comes back CANCELLED", async () => {
    const harness = webHarness(shopData({ orders: 2, linesPerOrder: 2 }));
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql(`mutation { cancelOrder(id: "${encodeGlobalID("Order", orderId(1, 0))}") { id status } }`, { token });
    expect(body.data.cancelOrder).toEqual({ id: encodeGlobalID("Order", orderId(1, 0)), status: "CANCELLED" });
  });

  it("when the order has shipped, then the service's FAILED_PRECONDITION is BAD_USER_INPUT", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    await harness.fakes.data.setOrderStatus(orderId(1, 0), OrderStatus.SHIPPED);
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql(`mutation { cancelOrder(id: "${encodeGlobalID("Order", orderId(1, 0))}") { status } }`, { token });
    expect(errorCodes(body)).toEqual(["cancelOrder:BAD_USER_INPUT"]);
  });
});

describe("products connection", () => {
  it("when pages are followed with endCursor, then every product is seen once, in name order", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0, products: 23 }));
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body } = await harness.gql("query P($after: String) { products(first: 5, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }", { variables: { after } });
      expect(body.errors).toBeUndefined();
      seen.push(...body.data.products.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!body.data.products.pageInfo.hasNextPage) break;
      after = body.data.products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(23);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(23);
  });

  it("when a cursor from the middle of a page is used, then the next page starts right after that product", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0, products: 23 }));
    const { body: first } = await harness.gql("{ products(first: 6) { edges { cursor node { name } } } }");
    const third = first.data.products.edges[2];
    const { body: next } = await harness.gql(`{ products(first: 2, after: "${third.cursor}") { edges { node { name } } } }`);
    expect(next.data.products.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(
      first.data.products.edges.slice(3, 5).map((e: { node: { name: string } }) => e.node.name),
    );
  });

  it("when first is out of range, then BAD_USER_INPUT is answered without calling the catalog", async () => {
    const harness = webHarness(shopData({ orders: 0, linesPerOrder: 0 }));
    const { body } = await harness.gql("{ products(first: 500) { edges { cursor } } }");
    expect(errorCodes(body)).toEqual(["products:BAD_USER_INPUT"]);
    expect(harness.fakes.calls.count()).toBe(0);
  });
});
