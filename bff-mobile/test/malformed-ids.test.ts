import { randomUUID } from "node:crypto";
import { demoOrder } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";
import { bearer, startHarness } from "./harness.js";

describe("ids that cannot name a record", () => {
  it("when an order id is a UUID of another version, then that order is null and the valid order batched with it still loads", async () => {
    const harness = await startHarness();
    try {
      const mine = demoOrder(0);
      const token = await harness.tokenFor(mine.userId);
      const { body } = await harness.post(
        { query: "query ($a: ID!, $b: ID!) { a: order(id: $a) { id } b: order(id: $b) { id } }", variables: { a: mine.id, b: randomUUID() } },
        bearer(token),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ a: { id: mine.id }, b: null });
      expect(harness.fakes.calls.summary()).toEqual({ "orders.BatchGetOrders": 1 });
    } finally {
      await harness.close();
    }
  });
});
