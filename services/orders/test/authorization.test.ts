import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { OrderService } from "@shop/contracts/orders/v1";
import { runWithRequestContext, silentLogger, type Actor, type Principal } from "@shop/grpc-runtime";
import { openDatabase } from "@shop/service-host/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORDERS_MIGRATIONS_DIR } from "../src/app.js";
import { batchGetOrders } from "../src/batch-get-orders.js";
import { cancelOrder } from "../src/cancel-order.js";
import { catalogOver } from "../src/catalog-client.js";
import { openOrdersStore } from "../src/data/store.js";
import type { OrdersDependencies } from "../src/dependencies.js";
import { getOrder } from "../src/get-order.js";
import { listOrders } from "../src/list-orders.js";
import type { OrderRepository } from "../src/order-repository.js";
import { placeOrder } from "../src/place-order.js";
import { orderRoutes } from "../src/routes.js";
import type { FakeCatalog } from "./support/fake-catalog.js";
import { testDependencies, uuid } from "./support/harness.js";
import { MemoryOrderRepository } from "./support/memory-order-repository.js";

/** The error a promise rejects with, as a ConnectError; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const asUser = (userId: string): Actor => ({ kind: "user", userId });
const JOBS: Actor = { kind: "privileged", caller: "jobs" };

/**
 * The ownership rules at the use-case level over `open()`'s repository: in memory, and the Prisma
 * repository on PGlite, which reads only the columns a read mask selects (so the owner must be
 * read on purpose for the check).
 */
function describeOwnership(name: string, open: () => Promise<{ readonly repository: OrderRepository; close(): Promise<void> }>): void {
  describe(name, () => {
    let deps: OrdersDependencies;
    let store: OrderRepository;
    let close: () => Promise<void> = async () => {};
    let catalog: FakeCatalog;
    let alice: string;
    let bob: string;
    let apple: string;

    beforeAll(async () => {
      ({ repository: store, close } = await open());
    });
    afterAll(async () => {
      await close();
    });
    beforeEach(() => {
      const made = testDependencies(store);
      catalog = made.catalog;
      deps = { ...made.deps, catalog: catalogOver(made.deps.catalog) };
      [alice, bob, apple] = [uuid(), uuid(), uuid()];
      catalog.addProduct(apple, 500n, 10);
    });

    const aliceOrder = () => placeOrder(deps, asUser(alice), { userId: alice, idempotencyKey: "a-1", lines: [{ productId: apple, quantity: 2 }] });

    it("when Bob places an order for Alice, then PERMISSION_DENIED before the catalog is asked, and nothing is stored", async () => {
      const error = await failure(placeOrder(deps, asUser(bob), { userId: alice, idempotencyKey: "b-1", lines: [{ productId: apple, quantity: 1 }] }));
      expect(error.code).toBe(Code.PermissionDenied);
      expect(catalog.calls).toEqual({ batchGetProducts: 0, reserveStock: 0, releaseStock: 0 });
      expect(await store.list({ userId: alice, statuses: [], limit: 10 })).toEqual([]);
    });

    it("when Bob lists Alice's orders, then PERMISSION_DENIED; Alice and an internal job may list them", async () => {
      const order = await aliceOrder();
      const page = { userId: alice, statuses: [], pageSize: 0, pageToken: "", readMask: [] };
      expect((await failure(listOrders(deps, asUser(bob), page))).code).toBe(Code.PermissionDenied);
      expect((await listOrders(deps, asUser(alice), page)).orders.map((o) => o.id)).toEqual([order.id]);
      expect((await listOrders(deps, JOBS, page)).orders.map((o) => o.id)).toEqual([order.id]);
    });

    it("when Bob gets Alice's order (with or without user_id in the read mask), then PERMISSION_DENIED; Alice gets it", async () => {
      const order = await aliceOrder();
      for (const readMask of [[], ["status"], ["user_id", "total"]]) {
        expect((await failure(getOrder(deps, asUser(bob), { id: order.id, readMask }))).code).toBe(Code.PermissionDenied);
      }
      expect((await getOrder(deps, asUser(alice), { id: order.id, readMask: ["status"] })).record.id).toBe(order.id);
      expect((await getOrder(deps, JOBS, { id: order.id, readMask: [] })).record.userId).toBe(alice);
    });

    it("when Bob cancels Alice's order, then PERMISSION_DENIED: the order stays PLACED and its stock stays reserved", async () => {
      const order = await aliceOrder();
      expect((await failure(cancelOrder(deps, asUser(bob), order.id))).code).toBe(Code.PermissionDenied);
      expect((await store.findById(order.id))?.status).toBe("PLACED");
      expect(catalog.calls.releaseStock).toBe(0);
      expect(catalog.stock.get(apple)).toBe(8);
      expect((await cancelOrder(deps, asUser(alice), order.id)).status).toBe("CANCELLED");
      expect(catalog.stock.get(apple)).toBe(10);
    });

    it("when Bob batch-reads his and Alice's orders, then Alice's are reported missing, in request order, like unknown ids", async () => {
      const hers = await aliceOrder();
      const his = await placeOrder(deps, asUser(bob), { userId: bob, idempotencyKey: "b-1", lines: [{ productId: apple, quantity: 1 }] });
      const unknown = uuid();
      for (const readMask of [[], ["total"]]) {
        const batch = await batchGetOrders(deps, asUser(bob), [hers.id, his.id, unknown], readMask);
        expect(batch.orders.map((o) => o.id)).toEqual([his.id]);
        expect(batch.missingIds).toEqual([hers.id, unknown]);
      }
      expect((await batchGetOrders(deps, JOBS, [hers.id, his.id], [])).orders.map((o) => o.id)).toEqual([hers.id, his.id]);
    });
  });
}

describeOwnership("OrderService use cases act for the verified end user only (in memory, no transport)", async () => ({
  repository: new MemoryOrderRepository(),
  close: async () => {},
}));

describeOwnership("OrderService use cases act for the verified end user only (Prisma repository on PGlite, no transport)", async () => {
  const database = await openDatabase({ service: "orders", inMemory: true, migrationsDir: ORDERS_MIGRATIONS_DIR, logger: silentLogger() });
  const store = openOrdersStore(database);
  return {
    repository: store.orders,
    async close() {
      await store.close();
      await database.close();
    },
  };
});

describe("OrderService routes take the actor from the caller's principal (router transport)", () => {
  it("when the BFF carries Bob's token and asks for Alice's order or list, then PERMISSION_DENIED; with no user token, PERMISSION_DENIED too", async () => {
    const { deps, catalog } = testDependencies(new MemoryOrderRepository());
    const client = createClient(OrderService, createRouterTransport((router) => router.service(OrderService, orderRoutes(deps))));
    const [alice, bob, apple] = [uuid(), uuid(), uuid()];
    catalog.addProduct(apple, 500n, 10);
    const as = <T>(principal: Principal, call: () => Promise<T>) => runWithRequestContext({ requestId: uuid(), principal }, call);
    const bff = (userId?: string): Principal => ({ caller: "bff-web", via: "mtls", privileged: false, assertsUsers: true, ...(userId ? { userId } : {}) });

    const { order } = await as(bff(alice), () => client.placeOrder({ userId: alice, idempotencyKey: "k", lines: [{ productId: apple, quantity: 1 }] }));
    expect((await failure(as(bff(bob), () => client.getOrder({ id: order!.id })))).code).toBe(Code.PermissionDenied);
    expect((await failure(as(bff(bob), () => client.listOrders({ userId: alice })))).code).toBe(Code.PermissionDenied);
    expect((await failure(as(bff(), () => client.listOrders({ userId: alice })))).code).toBe(Code.PermissionDenied);
    expect((await as(bff(bob), () => client.batchGetOrders({ ids: [order!.id] }))).missingIds).toEqual([order!.id]);
    const jobs: Principal = { caller: "jobs", via: "mtls", privileged: true, assertsUsers: false };
    expect((await as(jobs, () => client.getOrder({ id: order!.id }))).order?.userId).toBe(alice);
  });
});
