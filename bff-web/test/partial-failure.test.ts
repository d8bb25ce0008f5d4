import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { shopData, userId } from "./support/shop-data.js";
import { errorCodes, webHarness } from "./support/web-harness.js";

const ORDERS_WITH_PRODUCTS = "{ homePage { recentOrders { id status lines { quantity product { name } } } } }";

describe("a failing service fails only its fields", () => {
  it("when the catalog is down, then orders are still listed and their product fields are null with SERVICE_UNAVAILABLE", async () => {
    const harness = webHarness(shopData({ orders: 3, linesPerOrder: 2 }));
    harness.fakes.fail("catalog", Code.Unavailable, "connect ECONNREFUSED 10.0.0.7:50062");
    const token = await harness.tokenFor(userId(1));
    const { status, body } = await harness.gql(ORDERS_WITH_PRODUCTS, { token });
    expect(status).toBe(200);
    const orders = body.data.homePage.recentOrders;
    expect(orders).toHaveLength(3);
    expect(orders.every((o: { status: string }) => o.status === "PLACED")).toBe(true);
    const lines = orders.flatMap((o: { lines: { quantity: number; product: unknown }[] }) => o.lines);
    expect(lines).toHaveLength(6);
    expect(lines.every((l: { quantity: number; product: unknown }) => l.quantity > 0 && l.product === null)).toBe(true);
    expect(new Set(errorCodes(body).map((c) => c.replace(/\.\d+\./g, ".#.")))).toEqual(new Set(["homePage.recentOrders.#.lines.#.product:SERVICE_UNAVAILABLE"]));
    expect(JSON.stringify(body)).not.toContain("ECONNREFUSED");
    expect(harness.fakes.calls.count("catalog.BatchGetProducts")).toBe(1);
  });

  it("when the catalog hangs, then the request ends within its budget and only catalog fields fail", async () => {
    const harness = webHarness(shopData({ orders: 2, linesPerOrder: 2 }), { requestBudgetMs: 300 });
    harness.fakes.hang("catalog");
    const token = await harness.tokenFor(userId(1));
    const started = Date.now();
    const { body } = await harness.gql(
      "{ homePage { viewer { displayName } recommendations { name } recentOrders { id lines { product { name } } } } }",
      { token },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.data.homePage.viewer).toEqual({ displayName: "Ada" });
    expect(body.data.homePage.recommendations).toBeNull();
    expect(body.data.homePage.recentOrders).toHaveLength(2);
    const codes = new Set(errorCodes(body).map((c) => c.split(":")[1]));
    expect(codes).toEqual(new Set(["SERVICE_UNAVAILABLE"]));
  });

  it("when the users service is down, then the viewer is null and the catalog and orders fields still answer", async () => {
    const harness = webHarness(shopData({ orders: 2, linesPerOrder: 2 }));
    harness.fakes.fail("users", Code.Unavailable);
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql("{ homePage { viewer { displayName } recommendations { name } recentOrders { id } } }", { token });
    expect(body.data.homePage.viewer).toBeNull();
    expect(body.data.homePage.recommendations).toHaveLength(20);
    expect(body.data.homePage.recentOrders).toHaveLength(2);
    expect(errorCodes(body)).toEqual(["homePage.viewer:SERVICE_UNAVAILABLE"]);
  });
});
