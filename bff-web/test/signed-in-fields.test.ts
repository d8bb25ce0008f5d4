import { encodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { orderId, productId, shopData } from "./support/shop-data.js";
import { errorCodes, webHarness } from "./support/web-harness.js";

const SIGNED_IN_FIELDS: [string, string][] = [
  ["viewer", "{ viewer { displayName } }"],
  ["homePage", "{ homePage { recentOrders { id } } }"],
  ["node", `{ node(id: "${encodeGlobalID("Order", orderId(1, 0))}") { id } }`],
  ["cancelOrder", `mutation { cancelOrder(id: "${encodeGlobalID("Order", orderId(1, 0))}") { id } }`],
  [
    "placeOrder",
    `mutation { placeOrder(input: { lines: [{ productId: "${encodeGlobalID("Product", productId(3))}", quantity: 1 }], idempotencyKey: "k" }) { __typename } }`,
  ],
];

describe("fields that need a signed-in user", () => {
  it("when each is asked for without a token, then each fails with the same UNAUTHENTICATED error and nothing is called", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const answers = [];
    for (const [field, query] of SIGNED_IN_FIELDS) {
      const { status, body } = await harness.gql(query);
      expect(status).toBe(200);
      expect(errorCodes(body)).toEqual([`${field}:UNAUTHENTICATED`]);
      answers.push({ message: body.errors[0].message, extensions: body.errors[0].extensions });
    }
    expect(answers[0]).toEqual({
      message: "Sign-in required: send 'Authorization: Bearer <token>' (get one from the login mutation).",
      extensions: { code: "UNAUTHENTICATED", reason: "missing" },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when each is asked for with a malformed token, then each fails with the same reason and message", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    for (const [field, query] of SIGNED_IN_FIELDS) {
      const { body } = await harness.gql(query, { token: "not.a.jwt-at-all" });
      expect(errorCodes(body)).toEqual([`${field}:UNAUTHENTICATED`]);
      expect(body.errors[0]).toMatchObject({ message: "The token is not valid: log in again.", extensions: { code: "UNAUTHENTICATED", reason: "malformed" } });
    }
    expect(harness.fakes.calls.count()).toBe(0);
  });
});
