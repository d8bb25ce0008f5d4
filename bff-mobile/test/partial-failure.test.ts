import { Code } from "@connectrpc/connect";
import { demoUser } from "@shop/service-host/demo";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HomeDocument, OrderDocument } from "../src/generated/operations.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

let harness: MobileHarness;
let auth: Record<string, string>;
beforeEach(async () => {
  harness = await startHarness({ requestBudgetMs: 300 });
  auth = bearer(await harness.tokenFor(demoUser(0).id));
});
afterEach(() => harness.close());

describe("a failing service fails only its fields", () => {
  it("when the catalog is down, then orders are still listed and their products are null with SERVICE_UNAVAILABLE", async () => {
    harness.fakes.fail("catalog", Code.Unavailable, "connect ECONNREFUSED 10.0.0.7:50062");
    const response = await harness.post(
      { query: `{ orders(first: 3) { nodes { id total lines { quantity product { name } } } } }` },
      auth,
    );
    expect(response.status).toBe(200);
    const nodes = response.body.data?.orders.nodes as { id: string; lines: { quantity: number; product: unknown }[] }[];
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n.lines.length > 0 && n.lines.every((l) => l.quantity > 0 && l.product === null))).toBe(true);
    const errors = response.body.errors ?? [];
    expect(errors.length).toBe(nodes.flatMap((n) => n.lines).length);
    for (const error of errors) {
      expect(error.extensions?.["code"]).toBe("SERVICE_UNAVAILABLE");
      expect(error.path?.at(-1)).toBe("product");
      expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|stack/);
    }
  });

  it("when the catalog is down, then the home screen keeps the user and recent orders", async () => {
    harness.fakes.fail("catalog", Code.Unavailable);
    const response = await harness.post({ query: HomeDocument.document }, auth);
    expect(response.body.data?.home.user.name).toBe(demoUser(0).displayName);
    expect(response.body.data?.home.recentOrders.length).toBeGreaterThan(0);
    expect(response.body.data?.home.recommendations).toBeNull();
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ["home", "recommendations"], extensions: { code: "SERVICE_UNAVAILABLE" } }),
    ]);
  });

  it("when the catalog hangs, then its fields fail within the request budget and the rest is answered", async () => {
    harness.fakes.hang("catalog");
    const started = Date.now();
    const response = await harness.post({ query: HomeDocument.document }, auth);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.body.data?.home.recentOrders.length).toBeGreaterThan(0);
    expect(response.body.data?.home.recommendations).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("SERVICE_UNAVAILABLE");
    const catalogCall = harness.fakes.calls.all.find((c) => c.service === "catalog")!;
    expect(catalogCall.timeoutMs).toBeLessThanOrEqual(300);
  });

  it("when a service answers an internal error, then the client sees a masked INTERNAL_SERVER_ERROR", async () => {
    harness.fakes.fail("orders.BatchGetOrders", Code.Internal, "pq: relation orders does not exist");
    const [order] = await harness.fakes.data.ordersOf(demoUser(0).id);
    const response = await harness.post({ query: OrderDocument.document, variables: { id: order!.id } }, auth);
    expect(response.body.data).toEqual({ order: null });
    expect(response.body.errors?.[0]).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(JSON.stringify(response.body)).not.toMatch(/relation|pq:/);
  });
});
