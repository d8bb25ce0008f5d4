import { OrderStatus } from "@shop/contracts/orders/v1";
import { demoProduct, demoUser } from "@shop/service-host/demo";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CancelOrderDocument,
  HomeDocument,
  OrderDocument,
  PlaceOrderDocument,
  ProductDocument,
  ProductsDocument,
  type HomeQuery,
  type PlaceOrderMutation,
} from "../src/generated/operations.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PRICE = /^\$\d{1,3}(,\d{3})*\.\d{2}$/;

let harness: MobileHarness;
let auth: Record<string, string>;
let userId: string;
beforeEach(async () => {
  harness = await startHarness();
  userId = demoUser(0).id;
  auth = bearer(await harness.tokenFor(userId));
});
afterEach(() => harness.close());

describe("slim shapes", () => {
  it("when the home screen is read, then prices are formatted, ratings whole stars and dates ISO strings", async () => {
    const response = await harness.post({ query: HomeDocument.document }, auth);
    expect(response.body.errors).toBeUndefined();
    const home = (response.body.data as HomeQuery).home!;
    expect(home.recommendations).toHaveLength(10);
    expect(home.recentOrders).toHaveLength(3);
    for (const card of home.recommendations!) {
      const product = (await harness.fakes.data.product(card.id))!;
      expect(card.price).toMatch(PRICE);
      expect(card.price).toBe(`$${(Number(product.price!.amountMinor) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
      expect(Number.isInteger(card.rating)).toBe(true);
      expect(card.rating).toBe(Math.round(product.averageRating));
      expect(card.thumbnailUrl).toBe(product.thumbnailUrl);
      expect(Object.keys(card).sort()).toEqual(["id", "name", "price", "rating", "thumbnailUrl"]);
    }
    const dates = home.recentOrders!.map((o) => o.date);
    for (const date of dates) expect(date).toMatch(ISO);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const order of home.recentOrders!) expect(order.total).toMatch(PRICE);
  });

  it("when a rating sits on a half, then it rounds up; below a half, down", async () => {
    await harness.fakes.data.addProducts([
      { id: "0190c1a0-0000-7000-8000-0000000000a1", name: "Half", priceMinor: 1299, averageRating: 3.5 },
      { id: "0190c1a0-0000-7000-8000-0000000000a2", name: "Below", priceMinor: 5, averageRating: 3.49 },
    ]);
    const response = await harness.post({
      query: `{ a: product(id: "0190c1a0-0000-7000-8000-0000000000a1") { price rating } b: product(id: "0190c1a0-0000-7000-8000-0000000000a2") { price rating } }`,
    });
    expect(response.body.data).toEqual({ a: { price: "$12.99", rating: 4 }, b: { price: "$0.05", rating: 3 } });
  });

  it("when the product list is paged, then the default page is small and the cursor walks on without repeats", async () => {
    const first = await harness.post({ query: ProductsDocument.document });
    const page1 = first.body.data?.products;
    expect(page1.nodes).toHaveLength(10);
    expect(page1.hasNextPage).toBe(true);
    const second = await harness.post({ query: ProductsDocument.document, variables: { first: 5, after: page1.endCursor } });
    const page2 = second.body.data?.products;
    expect(page2.nodes).toHaveLength(5);
    const ids = [...page1.nodes, ...page2.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(15);
  });

  it("when a product or order does not exist, then the answer is null without an error", async () => {
    const product = await harness.post({ query: ProductDocument.document, variables: { id: "0190c1a0-0000-7000-8000-00000000beef" } });
    expect(product.body).toEqual({ data: { product: null } });
    const order = await harness.post({ query: OrderDocument.document, variables: { id: "0190c1a0-0000-7000-8000-00000000beef" } }, auth);
    expect(order.body).toEqual({ data: { order: null } });
  });

  it("when a product of an order line is gone from the catalog, then only that line's product is null", async () => {
    const order = (await harness.fakes.data.ordersOf(userId)).find((o) => o.lines.length > 1)!;
    const gone = order.lines[0]!.productId;
    await harness.fakes.data.removeProduct(gone);
    const response = await harness.post({ query: OrderDocument.document, variables: { id: order.id } }, auth);
    expect(response.body.errors).toBeUndefined();
    const lines = response.body.data?.order.lines as { product: { id: string } | null }[];
    expect(lines[0]!.product).toBeNull();
    expect(lines.slice(1).every((l, i) => l.product?.id === order.lines[i + 1]!.productId)).toBe(true);
  });

  it("when an order is read, then it has its lines with formatted totals and item count", async () => {
    const [order] = await harness.fakes.data.ordersOf(userId);
    const response = await harness.post({ query: OrderDocument.document, variables: { id: order!.id } }, auth);
    const slim = response.body.data?.order;
    expect(slim.itemCount).toBe(order!.lines.reduce((n, l) => n + l.quantity, 0));
    expect(slim.lines).toHaveLength(order!.lines.length);
    expect(slim.lines[0].product.id).toBe(order!.lines[0]!.productId);
    expect(slim.lines[0].lineTotal).toMatch(PRICE);
    expect(slim.date).toMatch(ISO);
  });
});

describe("mutations", () => {
  const place = (lines: { productId: string; quantity: number }[], idempotencyKey = "key-1") =>
    harness.post({ query: PlaceOrderDocument.document, variables: { input: { lines, idempotencyKey } } }, auth);

  it("when an order is placed, then the slim order comes back and a retry with the same key does not order twice", async () => {
    const product = demoProduct(0);
    const first = await place([{ productId: product.id, quantity: 2 }]);
    const result = (first.body.data as PlaceOrderMutation).placeOrder;
    expect(result.__typename).toBe("Order");
    if (result.__typename !== "Order") return;
    expect(result.status).toBe("PLACED");
    expect(result.date).toMatch(ISO);
    expect(result.total).toMatch(PRICE);
    const again = await place([{ productId: product.id, quantity: 2 }]);
    expect((again.body.data as PlaceOrderMutation).placeOrder).toEqual(result);
    expect((await harness.fakes.data.ordersOf(userId)).filter((o) => o.id === result.id)).toHaveLength(1);
  });

  it("when stock is short, then OutOfStockError names the products", async () => {
    const product = await harness.fakes.data.updateProduct(demoProduct(1).id, { stock: 1 });
    const response = await place([{ productId: product.id, quantity: 5 }]);
    expect(response.body.data?.placeOrder).toEqual({
      __typename: "OutOfStockError",
      message: "Some products are out of stock.",
      productIds: [product.id],
    });
  });

  it("when the input is invalid, then InvalidInputError lists each field and nothing is sent", async () => {
    const product = demoProduct(0);
    const response = await place(
      [
        { productId: product.id, quantity: 0 },
        { productId: product.id, quantity: 1 },
        { productId: "nope", quantity: 1 },
      ],
      "bad key!",
    );
    const result = response.body.data?.placeOrder;
    expect(result.__typename).toBe("InvalidInputError");
    expect(result.violations.map((v: { field: string }) => v.field)).toEqual([
      "input.lines[0].quantity",
      "input.lines[1].productId",
      "input.lines[2].productId",
      "input.idempotencyKey",
    ]);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when the service refuses the input, then its field violations come back as InvalidInputError", async () => {
    const response = await place([{ productId: "0190c1a0-0000-7000-8000-00000000beef", quantity: 1 }]);
    expect(response.body.data?.placeOrder).toEqual({
      __typename: "InvalidInputError",
      message: "The order input is not valid.",
      violations: [{ field: "input.lines[0].productId", description: "no such product" }],
    });
  });

  it("when placing without a token, then it is UNAUTHENTICATED and nothing is sent", async () => {
    const response = await harness.post({
      query: PlaceOrderDocument.document,
      variables: { input: { lines: [{ productId: demoProduct(0).id, quantity: 1 }], idempotencyKey: "k" } },
    });
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when an own shipped order is cancelled, then it is BAD_USER_INPUT and stays shipped", async () => {
    const [own] = await harness.fakes.data.ordersOf(userId);
    const shipped = await harness.fakes.data.setOrderStatus(own!.id, OrderStatus.SHIPPED);
    const response = await harness.post({ query: CancelOrderDocument.document, variables: { id: shipped.id } }, auth);
    expect(response.body.data).toEqual({ cancelOrder: null });
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect((await harness.fakes.data.order(shipped.id))?.status).toBe(OrderStatus.SHIPPED);
  });

  it("when an own placed order is cancelled, then it comes back CANCELLED", async () => {
    const product = demoProduct(2);
    const placed = await place([{ productId: product.id, quantity: 1 }], "to-cancel");
    const id = placed.body.data?.placeOrder.id;
    const response = await harness.post({ query: CancelOrderDocument.document, variables: { id } }, auth);
    expect(response.body).toEqual({ data: { cancelOrder: { id, status: "CANCELLED" } } });
  });
});
