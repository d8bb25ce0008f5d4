import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { startDeadline } from "./deadline.js";
import { callOptionsFor } from "./call-options.js";
import { createLoaders, MAX_BATCH_SIZE } from "./loaders.js";
import { createFakeServices, fakeProduct, type FakeData } from "@shop/bff-testing";

function catalogOf(count: number): FakeData {
  const products = Array.from({ length: count }, (_, i) => fakeProduct({ id: `p-${i}`, name: `Product ${i}`, priceMinor: 100 + i }));
  return { users: [], passwords: new Map(), products, orders: [] };
}

function loadersOver(data: FakeData, budgetMs = 2000) {
  const fakes = createFakeServices(data);
  const deadline = startDeadline(budgetMs);
  const loaders = createLoaders(fakes.clients, () =>
    callOptionsFor({ requestId: "req-1", caller: "test", deadline, userId: "user-1", traceparent: "00-abc-def-01" }),
  );
  return { fakes, loaders };
}

describe("per-request loaders over batch RPCs", () => {
  it("when keys of one tick are loaded, then one BatchGetProducts answers them in key order with null for missing ids", async () => {
    const { fakes, loaders } = loadersOver(catalogOf(5));
    const results = await Promise.all(["p-3", "nope", "p-1", "p-3"].map((id) => loaders.products.load(id)));
    expect(results.map((p) => p?.id ?? null)).toEqual(["p-3", null, "p-1", "p-3"]);
    expect(fakes.calls.summary()).toEqual({ "catalog.BatchGetProducts": 1 });
    expect((fakes.calls.all[0]!.request as { ids: string[] }).ids).toEqual(["p-3", "nope", "p-1"]);
  });

  it("when more than 500 distinct ids are loaded at once, then they are split into calls of at most 500", async () => {
    const { fakes, loaders } = loadersOver(catalogOf(1_201));
    const ids = Array.from({ length: 1_201 }, (_, i) => `p-${i}`);
    const products = await loaders.products.loadMany(ids);
    expect(products.every((p, i) => !(p instanceof Error) && p?.id === ids[i])).toBe(true);
    const sizes = fakes.calls.all.map((c) => (c.request as { ids: string[] }).ids.length);
    expect(sizes).toEqual([MAX_BATCH_SIZE, MAX_BATCH_SIZE, 201]);
  });

  it("when one batch call fails, then its keys get the error and other loaders are unaffected", async () => {
    const { fakes, loaders } = loadersOver({ ...catalogOf(2), users: [] });
    fakes.fail("catalog", Code.Unavailable);
    const [products, users] = await Promise.all([loaders.products.loadMany(["p-0", "p-1"]), loaders.users.loadMany(["u-1"])]);
    expect(products.map((p) => (p instanceof ConnectError ? p.code : p))).toEqual([Code.Unavailable, Code.Unavailable]);
    expect(users).toEqual([null]);
  });

  it("when a call is made, then it carries the remaining budget, request id, user, traceparent and caller", async () => {
    const { fakes, loaders } = loadersOver(catalogOf(1), 1500);
    await loaders.products.load("p-0");
    const call = fakes.calls.all[0]!;
    expect(call.timeoutMs).toBeGreaterThan(1000);
    expect(call.timeoutMs).toBeLessThanOrEqual(1500);
    expect(call.headers.get("x-request-id")).toBe("req-1");
    expect(call.headers.get("x-user-id")).toBe("user-1");
    expect(call.headers.get("traceparent")).toBe("00-abc-def-01");
    expect(call.headers.get("x-caller")).toBe("test");
  });

  it("when the budget is already spent, then no RPC is made and the keys fail with DEADLINE_EXCEEDED", async () => {
    const fakes = createFakeServices(catalogOf(1));
    const spent = { at: 0, remainingMs: () => 0 };
    const loaders = createLoaders(fakes.clients, () => callOptionsFor({ requestId: "r", caller: "t", deadline: spent }));
    await expect(loaders.products.load("p-0")).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(fakes.calls.count()).toBe(0);
  });

  it("when a service hangs, then the call ends at the request deadline with DEADLINE_EXCEEDED", async () => {
    const { fakes, loaders } = loadersOver(catalogOf(1), 100);
    fakes.hang("catalog.BatchGetProducts");
    const started = Date.now();
    await expect(loaders.products.load("p-0")).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
