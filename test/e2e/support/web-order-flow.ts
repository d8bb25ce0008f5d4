import { DEMO_LOGIN, DEMO_PRODUCT_COUNT, demoProduct } from "@shop/service-host/demo";
import { expect } from "vitest";
import { postGraphql, type GraphqlAnswer } from "./graphql-client.js";

/** What the web order flow leaves behind for later steps. */
export interface WebOrderFlowResult {
  readonly token: string;
  /** Global id of the order placed (and cancelled) by the flow. */
  readonly orderId: string;
  /** Global id of the product it ordered. */
  readonly productId: string;
}

const LOGIN = "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token viewer { displayName email } } }";
const HOME_PAGE = `query Home { homePage {
  viewer { displayName email }
  recommendations { id name inStock price { amount currency formatted } }
  recentOrders(first: 10) { id status itemCount total { amount currency } lines { quantity product { id name } } }
} }`;
const FIND_PRODUCT = "query Find($q: String!) { products(first: 10, query: $q) { edges { node { id name inStock price { amount currency } } } } }";
const PRODUCT = "query Product($id: ID!) { product(id: $id) { id name inStock } }";
const PLACE_ORDER = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) {
  __typename
  ... on Order { id status itemCount total { amount currency } lines { quantity product { id } } }
  ... on OutOfStockError { productIds message }
  ... on InvalidInputError { fieldPaths message }
} }`;
const CANCEL_ORDER = "mutation Cancel($id: ID!) { cancelOrder(id: $id) { id status } }";

let keyCounter = 0;
/** A fresh idempotency key: unique per call, readable in the logs. */
export function freshKey(purpose: string): string {
  keyCounter += 1;
  return `e2e-${purpose}-${process.pid}-${Date.now()}-${keyCounter}`;
}

/** Fails with the response in the message when it carries errors. */
export function expectNoErrors(answer: GraphqlAnswer): void {
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  expect(answer.status).toBe(200);
}

/** Signs the demo user in on the web BFF and returns the bearer token. */
export async function webLogin(webUrl: string): Promise<string> {
  const answer = await postGraphql(webUrl, { query: LOGIN, variables: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password } });
  expectNoErrors(answer);
  expect(answer.body.data.login.viewer).toEqual({ displayName: "Demo Shopper", email: DEMO_LOGIN.email });
  return answer.body.data.login.token as string;
}

/** The demo user's web home page (viewer, 20 recommendations, the 10 newest orders). */
export async function webHomePage(webUrl: string, token: string) {
  const answer = await postGraphql(webUrl, { query: HOME_PAGE }, token);
  expectNoErrors(answer);
  return answer.body.data.homePage as {
    viewer: { displayName: string; email: string };
    recommendations: { id: string; name: string; inStock: boolean; price: { amount: string; currency: string; formatted: string } }[];
    recentOrders: { id: string; status: string; itemCount: number; total: { amount: string; currency: string }; lines: { quantity: number; product: { id: string } | null }[] }[];
  };
}

/** Places an order of `lines` with `idempotencyKey`; the raw `placeOrder` result. */
export async function placeWebOrder(webUrl: string, token: string, idempotencyKey: string, lines: { productId: string; quantity: number }[]) {
  const answer = await postGraphql(webUrl, { query: PLACE_ORDER, variables: { input: { idempotencyKey, lines } } }, token);
  expectNoErrors(answer);
  return answer.body.data.placeOrder as { __typename: string; id?: string; status?: string; itemCount?: number; total?: { amount: string }; productIds?: string[] };
}

/** Cancels an order and expects it CANCELLED. */
export async function cancelWebOrder(webUrl: string, token: string, orderId: string): Promise<void> {
  const answer = await postGraphql(webUrl, { query: CANCEL_ORDER, variables: { id: orderId } }, token);
  expectNoErrors(answer);
  expect(answer.body.data.cancelOrder).toEqual({ id: orderId, status: "CANCELLED" });
}

/**
 * Proves through the public API alone that a product has exactly `units` in stock (no field exposes
 * the number, only `inStock`): asking for `units + 1` is refused as out of stock (nothing is held
 * then), asking for `units` is placed, and that probe order is cancelled again so the stock is as
 * before. Works for 0 to 99 units (a line holds at most 100).
 */
export async function expectStockExactly(webUrl: string, token: string, productId: string, units: number): Promise<void> {
  const product = await postGraphql(webUrl, { query: PRODUCT, variables: { id: productId } });
  expectNoErrors(product);
  expect(product.body.data.product.inStock, `inStock of ${productId} with ${units} units expected`).toBe(units > 0);
  const tooMany = await placeWebOrder(webUrl, token, freshKey("probe-over"), [{ productId, quantity: units + 1 }]);
  expect(tooMany, `${units + 1} units must be more than the stock`).toMatchObject({ __typename: "OutOfStockError", productIds: [productId] });
  if (units === 0) return;
  const all = await placeWebOrder(webUrl, token, freshKey("probe-all"), [{ productId, quantity: units }]);
  expect(all, `${units} units must all be in stock`).toMatchObject({ __typename: "Order", status: "PLACED", itemCount: units });
  await cancelWebOrder(webUrl, token, all.id!);
}

/** The first demo product with 50 to 98 units in stock: few enough to measure with {@link expectStockExactly}. */
export function demoProductWithFewUnits(): { readonly name: string; readonly stock: number } {
  for (let index = 0; index < DEMO_PRODUCT_COUNT; index++) {
    const product = demoProduct(index);
    if (product.stock >= 50 && product.stock <= 98) return { name: product.name, stock: product.stock };
  }
  throw new Error("the demo catalog has no product with 50 to 98 units");
}

/** Cents of a decimal amount string ("12.99" → 1299). */
export function minorUnits(amount: string): number {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/**
 * Flow 1 through the web BFF: login → homePage → place an order with an idempotency key → it is the
 * newest of `recentOrders` → the same request returns the same order and the stock went down once →
 * cancel → the stock is back.
 */
export async function runWebOrderFlow(webUrl: string): Promise<WebOrderFlowResult> {
  const token = await webLogin(webUrl);
  const before = await webHomePage(webUrl, token);
  expect(before.viewer.displayName).toBe("Demo Shopper");
  expect(before.recommendations).toHaveLength(20);
  expect(before.recentOrders.length).toBeGreaterThan(0);

  const target = demoProductWithFewUnits();
  const found = await postGraphql(webUrl, { query: FIND_PRODUCT, variables: { q: target.name } });
  expectNoErrors(found);
  const product = found.body.data.products.edges.map((e: { node: unknown }) => e.node).find((n: { name: string }) => n.name === target.name) as
    | { id: string; price: { amount: string } }
    | undefined;
  expect(product, `product "${target.name}" found by name`).toBeDefined();
  const productId = product!.id;
  await expectStockExactly(webUrl, token, productId, target.stock);
  const newestBefore = (await webHomePage(webUrl, token)).recentOrders.map((o) => o.id);

  const key = freshKey("order");
  const lines = [{ productId, quantity: 3 }];
  const placed = await placeWebOrder(webUrl, token, key, lines);
  expect(placed).toMatchObject({ __typename: "Order", status: "PLACED", itemCount: 3 });
  expect(minorUnits(placed.total!.amount)).toBe(3 * minorUnits(product!.price.amount));
  const orderId = placed.id!;

  const afterPlace = await webHomePage(webUrl, token);
  expect(afterPlace.recentOrders[0]).toMatchObject({ id: orderId, status: "PLACED", itemCount: 3 });
  expect(afterPlace.recentOrders[0]!.lines.map((l) => [l.quantity, l.product?.id])).toEqual([[3, productId]]);
  expect(afterPlace.recentOrders.slice(1).map((o) => o.id)).toEqual(newestBefore.slice(0, 9));

  const retried = await placeWebOrder(webUrl, token, key, lines);
  expect(retried).toMatchObject({ __typename: "Order", id: orderId, status: "PLACED" });
  const afterRetry = await webHomePage(webUrl, token);
  expect(afterRetry.recentOrders.map((o) => o.id)).toEqual(afterPlace.recentOrders.map((o) => o.id));
  await expectStockExactly(webUrl, token, productId, target.stock - 3);

  await cancelWebOrder(webUrl, token, orderId);
  await expectStockExactly(webUrl, token, productId, target.stock);
  return { token, orderId, productId };
}
