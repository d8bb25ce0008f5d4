import { describe, expect, it } from "vitest";
import { shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const BACKWARD: [string, string][] = [
  ["products(last: 2)", "{ products(last: 2) { edges { cursor } } }"],
  ['products(before: "…")', '{ products(first: 2, before: "bm9wZQ") { edges { cursor } } }'],
  ["viewer.orders(last: 1)", "{ viewer { orders(last: 1) { edges { cursor } } } }"],
];

describe("connections page forward only", () => {
  for (const [name, query] of BACKWARD) {
    it(`when ${name} is asked for, then the document does not validate (the argument does not exist) and nothing is called`, async () => {
      const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
      const token = await harness.tokenFor(userId(1));
      const { status, body } = await harness.gql(query, { token });
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors[0].message).toMatch(/Unknown argument "(last|before)"/);
      expect(harness.fakes.calls.count()).toBe(0);
    });
  }
});
