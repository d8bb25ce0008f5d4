import { Code, ConnectError } from "@connectrpc/connect";
import { OrderStatus } from "@shop/contracts/orders/v1";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Money } from "../../src/domain/money.js";
import { Order } from "../../src/domain/order.js";
import { reservationIdOf } from "../../src/place-order.js";
import { missingResources, preconditionSubjects, rejectionOf, uuid, violatedFields, type OrdersUnderTest } from "./harness.js";
import { describeReadMasks } from "./read-mask-behaviour.js";

/**
 * Every behaviour the issue lists for OrderService, run against one way of hosting it (in memory
 * on a Map repository, or over a socket on a real database). The service is started once; each
 * test gets a new user, new products and a reset fake catalog, so tests do not see each other.
 * `setup` returns `{ skip: reason }` to skip them all (e.g. no PostgreSQL server answers).
 */
export function describeOrderServiceBehaviour(label: string, setup: () => Promise<OrdersUnderTest | { skip: string }>): void {
  describe(label, () => {
    let t: OrdersUnderTest;
    let skipReason: string | undefined;
    let user = uuid();
    let apple = uuid();
    let pear = uuid();
    let fig = uuid();

    beforeAll(async () => {
      const result = await setup();
      if ("skip" in result) skipReason = result.skip;
      else t = result;
    });
    beforeEach((context) => {
      if (skipReason !== undefined) context.skip(skipReason);
      t.catalog.reset();
      t.repository.reset();
      [user, apple, pear, fig] = [uuid(), uuid(), uuid(), uuid()];
      t.catalog.addProduct(apple, 1299n, 10);
      t.catalog.addProduct(pear, 250n, 5);
      t.catalog.addProduct(fig, 99n, 0);
    });
    afterAll(async () => {
      await t?.close();
    });

    const place = (key: string, lines = [{ productId: apple, quantity: 2 }, { productId: pear, quantity: 1 }], userId = user) =>
      t.client.placeOrder({ userId, idempotencyKey: key, lines });

    describe("PlaceOrder", () => {
      it("when an order is placed, then prices come from the catalog, stock is reserved once and the order is stored", async () => {
        const { order } = await place("k-1");
        expect(order?.status).toBe(OrderStatus.PLACED);
        expect(order?.lines.map((l) => [l.productId, l.quantity, l.unitPrice?.amountMinor, l.lineTotal?.amountMinor])).toEqual([
          [apple, 2, 1299n, 2598n],
          [pear, 1, 250n, 250n],
        ]);
        expect(order?.total).toMatchObject({ currencyCode: "USD", amountMinor: 2848n });
        expect(t.catalog.calls.reserveStock).toBe(1);
        expect(t.catalog.stock.get(apple)).toBe(8);
        expect(t.catalog.reservations.has(reservationIdOf({ userId: user, idempotencyKey: "k-1" }))).toBe(true);
        const { order: stored } = await t.client.getOrder({ id: order!.id });
        expect(stored).toEqual(order);
      });

      it("when the same key comes with the same request, then the original order is returned and stock is reserved once", async () => {
        const first = await place("same");
        const again = await place("same", [{ productId: pear, quantity: 1 }, { productId: apple, quantity: 2 }]);
        expect(again.order).toEqual(first.order);
        expect(t.catalog.calls.reserveStock).toBe(1);
        expect(t.catalog.stock.get(apple)).toBe(8);
      });

      it("when the same key comes with a different request, then INVALID_ARGUMENT names idempotency_key and nothing changes", async () => {
        await place("dup");
        const error = await rejectionOf(place("dup", [{ productId: apple, quantity: 3 }]));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(violatedFields(error)).toEqual(["idempotency_key"]);
        expect(t.catalog.calls.reserveStock).toBe(1);
        expect(t.catalog.stock.get(apple)).toBe(8);
      });

      it("when the same key is used by another user, then it is a separate order", async () => {
        const mine = await place("shared-key");
        const theirs = await place("shared-key", undefined, uuid());
        expect(theirs.order?.id).not.toBe(mine.order?.id);
        expect(t.catalog.stock.get(apple)).toBe(6);
      });

      it("when ten identical requests race, then there is one order and one reservation", async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => place("race")));
        expect(new Set(results.map((r) => r.order?.id)).size).toBe(1);
        expect(t.catalog.stock.get(apple)).toBe(8);
        expect(t.catalog.reservations.size).toBe(1);
        expect(t.catalog.calls.releaseStock).toBe(0);
        const { orders } = await t.client.listOrders({ userId: user });
        expect(orders).toHaveLength(1);
      });

      it("when the same key wins a race while this request persists, then the winner is returned and the shared reservation is kept", async () => {
        t.repository.beforeInsert = async () => {
          await place("raced");
        };
        const { order } = await place("raced");
        const { orders } = await t.client.listOrders({ userId: user });
        expect(orders.map((o) => o.id)).toEqual([order!.id]);
        expect(t.catalog.calls.releaseStock).toBe(0);
        expect(t.catalog.stock.get(apple)).toBe(8);
      });

      it("when persisting fails after the reservation, then the reservation is released, the error passes on and nothing is stored", async () => {
        t.repository.failNextInsert = new Error("disk on fire");
        const error = await rejectionOf(place("boom"));
        expect(error.code).toBe(Code.Internal);
        expect(t.catalog.released).toEqual([reservationIdOf({ userId: user, idempotencyKey: "boom" })]);
        expect(t.catalog.stock.get(apple)).toBe(10);
        expect(t.catalog.stock.get(pear)).toBe(5);
        const { orders } = await t.client.listOrders({ userId: user });
        expect(orders).toEqual([]);
      });

      it("when a request is retried with the key of an attempt whose reservation was released, then FAILED_PRECONDITION asks for a new key", async () => {
        t.repository.failNextInsert = new Error("transient");
        await rejectionOf(place("retry"));
        const error = await rejectionOf(place("retry"));
        expect(error.code).toBe(Code.FailedPrecondition);
        expect(error.message).toContain("new idempotency key");
        const fresh = await place("retry-2");
        expect(fresh.order?.status).toBe(OrderStatus.PLACED);
      });

      it("when a product is unknown to the catalog, then NOT_FOUND lists it and nothing is reserved", async () => {
        const ghost = uuid();
        const error = await rejectionOf(place("ghost", [{ productId: apple, quantity: 1 }, { productId: ghost, quantity: 1 }]));
        expect(error.code).toBe(Code.NotFound);
        expect(missingResources(error)).toEqual([ghost]);
        expect(t.catalog.calls.reserveStock).toBe(0);
      });

      it("when stock is short, then catalog's FAILED_PRECONDITION passes through naming the product and nothing is stored", async () => {
        const error = await rejectionOf(place("short", [{ productId: apple, quantity: 1 }, { productId: fig, quantity: 1 }]));
        expect(error.code).toBe(Code.FailedPrecondition);
        expect(preconditionSubjects(error)).toEqual([fig]);
        expect(t.catalog.stock.get(apple)).toBe(10);
        const { orders } = await t.client.listOrders({ userId: user });
        expect(orders).toEqual([]);
      });

      it("when the catalog is unavailable, then UNAVAILABLE passes through and nothing is stored", async () => {
        t.catalog.failNext.batchGetProducts = new ConnectError("catalog down", Code.Unavailable);
        const error = await rejectionOf(place("down"));
        expect(error.code).toBe(Code.Unavailable);
        expect(t.repository.inserts).toBe(0);
      });

      it("when products are priced in different currencies, then FAILED_PRECONDITION and nothing is reserved", async () => {
        const euro = uuid();
        t.catalog.addProduct(euro, 100n, 10, "EUR");
        const error = await rejectionOf(place("mixed", [{ productId: apple, quantity: 1 }, { productId: euro, quantity: 1 }]));
        expect(error.code).toBe(Code.FailedPrecondition);
        expect(t.catalog.calls.reserveStock).toBe(0);
      });

      const line = (productId: string, quantity = 1) => ({ productId, quantity });
      it.each([
        ["an empty user id", { userId: "" }, ["user_id"]],
        ["a malformed user id", { userId: "not-a-uuid" }, ["user_id"]],
        ["a UUIDv4 user id", { userId: "0b7e8f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b" }, ["user_id"]],
        ["no lines", { lines: [] }, ["lines"]],
        ["51 lines", { lines: Array.from({ length: 51 }, () => line(uuid())) }, ["lines"]],
        ["a zero quantity", { lines: [line(apple, 0)] }, ["lines[0].quantity"]],
        ["a negative quantity", { lines: [line(apple, -5)] }, ["lines[0].quantity"]],
        ["a quantity above 100", { lines: [line(apple, 101)] }, ["lines[0].quantity"]],
        ["a product twice", { lines: [line(apple), line(pear), line(apple)] }, ["lines[2].product_id"]],
        ["an empty product id", { lines: [line("")] }, ["lines[0].product_id"]],
        ["an empty idempotency key", { idempotencyKey: "" }, ["idempotency_key"]],
        ["a 129-char idempotency key", { idempotencyKey: "k".repeat(129) }, ["idempotency_key"]],
        ["a unicode idempotency key", { idempotencyKey: "clé-🔑" }, ["idempotency_key"]],
        ["a key with spaces", { idempotencyKey: "a b" }, ["idempotency_key"]],
        ["everything wrong", { userId: "x", idempotencyKey: "", lines: [line("y", 0)] }, ["user_id", "idempotency_key", "lines[0].product_id", "lines[0].quantity"]],
      ])("when a request has %s, then INVALID_ARGUMENT names the fields and the catalog is not called", async (_, patch, fields) => {
        const error = await rejectionOf(
          t.client.placeOrder({ userId: user, idempotencyKey: "ok", lines: [line(apple)], ...patch }),
        );
        expect(error.code).toBe(Code.InvalidArgument);
        expect(violatedFields(error)).toEqual(fields);
        expect(t.catalog.calls.batchGetProducts + t.catalog.calls.reserveStock).toBe(0);
        expect(t.repository.inserts).toBe(0);
      });

      it("when the key is 128 chars of every allowed kind, then it is accepted", async () => {
        const key = "Az09_.:-".repeat(16);
        const { order } = await place(key);
        expect(order?.status).toBe(OrderStatus.PLACED);
      });
    });

    describe("CancelOrder", () => {
      it("when a PLACED order is cancelled, then its stock is released and it is CANCELLED; again returns it unchanged", async () => {
        const { order } = await place("c-1");
        const { order: cancelled } = await t.client.cancelOrder({ id: order!.id });
        expect(cancelled?.status).toBe(OrderStatus.CANCELLED);
        expect(t.catalog.stock.get(apple)).toBe(10);
        expect(t.catalog.released).toEqual([reservationIdOf({ userId: user, idempotencyKey: "c-1" })]);
        const { order: again } = await t.client.cancelOrder({ id: order!.id });
        expect(again).toEqual(cancelled);
        expect(t.catalog.calls.releaseStock).toBe(1);
        expect((await t.client.getOrder({ id: order!.id })).order?.status).toBe(OrderStatus.CANCELLED);
      });

      it("when the release fails, then the order stays PLACED and the error passes on", async () => {
        const { order } = await place("c-2");
        t.catalog.failNext.releaseStock = new ConnectError("catalog down", Code.Unavailable);
        const error = await rejectionOf(t.client.cancelOrder({ id: order!.id }));
        expect(error.code).toBe(Code.Unavailable);
        expect((await t.client.getOrder({ id: order!.id })).order?.status).toBe(OrderStatus.PLACED);
        const { order: cancelled } = await t.client.cancelOrder({ id: order!.id });
        expect(cancelled?.status).toBe(OrderStatus.CANCELLED);
      });

      it.each(["SHIPPED", "DELIVERED"] as const)("when a %s order is cancelled, then FAILED_PRECONDITION names both statuses and nothing is released", async (status) => {
        const order = await storeSeededOrder(t, user, status);
        const error = await rejectionOf(t.client.cancelOrder({ id: order.id }));
        expect(error.code).toBe(Code.FailedPrecondition);
        expect(error.message).toContain(status);
        expect(error.message).toContain("CANCELLED");
        expect(preconditionSubjects(error)).toEqual([`orders/${order.id}`]);
        expect(t.catalog.calls.releaseStock).toBe(0);
      });

      it("when a seeded PAID order (no reservation) is cancelled, then it is CANCELLED without calling the catalog", async () => {
        const order = await storeSeededOrder(t, user, "PAID");
        const { order: cancelled } = await t.client.cancelOrder({ id: order.id });
        expect(cancelled?.status).toBe(OrderStatus.CANCELLED);
        expect(t.catalog.calls.releaseStock).toBe(0);
      });

      it("when the order does not exist or the id is malformed, then NOT_FOUND or INVALID_ARGUMENT", async () => {
        const id = uuid();
        const missing = await rejectionOf(t.client.cancelOrder({ id }));
        expect(missing.code).toBe(Code.NotFound);
        expect(missingResources(missing)).toEqual([id]);
        const bad = await rejectionOf(t.client.cancelOrder({ id: "'; drop table orders; --" }));
        expect(bad.code).toBe(Code.InvalidArgument);
        expect(violatedFields(bad)).toEqual(["id"]);
      });
    });

    describe("GetOrder and BatchGetOrders", () => {
      it("when orders are read in a batch, then they come in request order, duplicates once, missing ids listed in request order", async () => {
        const a = (await place("b-1", [{ productId: apple, quantity: 1 }])).order!;
        const b = (await place("b-2", [{ productId: pear, quantity: 1 }])).order!;
        const ghost1 = uuid();
        const ghost2 = uuid();
        const { orders, missingIds } = await t.client.batchGetOrders({ ids: [b.id, ghost1, a.id, b.id, ghost2, ghost1] });
        expect(orders.map((o) => o.id)).toEqual([b.id, a.id]);
        expect(orders[0]).toEqual(b);
        expect(missingIds).toEqual([ghost1, ghost2]);
      });

      it("when a batch has no ids, 501 ids or a malformed id, then INVALID_ARGUMENT names the field", async () => {
        expect(violatedFields(await rejectionOf(t.client.batchGetOrders({ ids: [] })))).toEqual(["ids"]);
        const tooMany = Array.from({ length: 501 }, () => uuid());
        expect(violatedFields(await rejectionOf(t.client.batchGetOrders({ ids: tooMany })))).toEqual(["ids"]);
        const error = await rejectionOf(t.client.batchGetOrders({ ids: [uuid(), "", "ZZZ", "😀".repeat(10_000)] }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(violatedFields(error)).toEqual(["ids[1]", "ids[2]", "ids[3]"]);
      });

      it("when 500 ids are asked for, then every one is answered", async () => {
        const ids = Array.from({ length: 500 }, () => uuid());
        const { orders, missingIds } = await t.client.batchGetOrders({ ids });
        expect(orders).toEqual([]);
        expect(missingIds).toEqual(ids);
      });

      it("when one order is missing or its id is malformed, then NOT_FOUND or INVALID_ARGUMENT", async () => {
        expect((await rejectionOf(t.client.getOrder({ id: uuid() }))).code).toBe(Code.NotFound);
        const bad = await rejectionOf(t.client.getOrder({ id: "" }));
        expect(bad.code).toBe(Code.InvalidArgument);
        expect(violatedFields(bad)).toEqual(["id"]);
      });
    });

    describe("ListOrders", () => {
      it("when every page is walked while new orders arrive, then each earlier order appears exactly once, newest first", async () => {
        const existing: string[] = [];
        for (let i = 0; i < 23; i++) existing.push((await storeSeededOrder(t, user, "PLACED", Date.UTC(2026, 0, 1) + (i % 7) * 1000)).id);
        const seen: string[] = [];
        const times: number[] = [];
        let pageToken = "";
        let pages = 0;
        do {
          const page = await t.client.listOrders({ userId: user, pageSize: 4, pageToken });
          seen.push(...page.orders.map((o) => o.id));
          times.push(...page.orders.map((o) => Number(o.createTime!.seconds) * 1000 + o.createTime!.nanos / 1e6));
          pageToken = page.nextPageToken;
          pages++;
          await storeSeededOrder(t, user, "PLACED", Date.now() + pages);
        } while (pageToken !== "");
        const earlier = seen.filter((id) => existing.includes(id));
        expect(earlier).toHaveLength(existing.length);
        expect(new Set(earlier).size).toBe(existing.length);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...times].sort((x, y) => y - x)).toEqual(times);
      });

      it("when pages are walked while PlaceOrder runs concurrently for the same user, then each earlier order appears exactly once", async () => {
        const existing = new Set<string>();
        for (let i = 0; i < 20; i++) existing.add((await storeSeededOrder(t, user, "PAID", Date.UTC(2026, 1, 1) + i)).id);
        const bulk = uuid();
        t.catalog.addProduct(bulk, 10n, 1_000_000);
        let walking = true;
        const writer = (async () => {
          let placed = 0;
          while (walking && placed < 200) {
            await t.client.placeOrder({ userId: user, idempotencyKey: `concurrent-${placed++}`, lines: [{ productId: bulk, quantity: 1 }] });
          }
          return placed;
        })();
        const seen: string[] = [];
        let pageToken = "";
        do {
          const page = await t.client.listOrders({ userId: user, pageSize: 3, pageToken });
          seen.push(...page.orders.map((o) => o.id));
          pageToken = page.nextPageToken;
          await new Promise((resolve) => setTimeout(resolve, 2));
        } while (pageToken !== "");
        walking = false;
        expect(await writer).toBeGreaterThan(0);
        expect(seen.filter((id) => existing.has(id)).sort()).toEqual([...existing].sort());
        expect(new Set(seen).size).toBe(seen.length);
      });

      it("when filtered by status, then only those statuses come back", async () => {
        await storeSeededOrder(t, user, "PAID");
        await storeSeededOrder(t, user, "SHIPPED");
        await storeSeededOrder(t, user, "CANCELLED");
        await storeSeededOrder(t, uuid(), "PAID");
        const { orders } = await t.client.listOrders({ userId: user, statuses: [OrderStatus.PAID, OrderStatus.CANCELLED] });
        expect(orders.map((o) => o.status).sort()).toEqual([OrderStatus.PAID, OrderStatus.CANCELLED]);
      });

      it("when page size, statuses, user id or token are wrong, then INVALID_ARGUMENT names each field", async () => {
        const fields = async (request: Parameters<typeof t.client.listOrders>[0]) => violatedFields(await rejectionOf(t.client.listOrders(request)));
        expect(await fields({ userId: user, pageSize: 101 })).toEqual(["page_size"]);
        expect(await fields({ userId: user, pageSize: -1 })).toEqual(["page_size"]);
        expect(await fields({ userId: "" })).toEqual(["user_id"]);
        expect(await fields({ userId: user, statuses: [OrderStatus.UNSPECIFIED] })).toEqual(["statuses[0]"]);
        expect(await fields({ userId: user, statuses: [1, 2, 3, 4, 5, 1] })).toEqual(["statuses"]);
        expect(await fields({ userId: user, statuses: [42 as OrderStatus] })).toEqual(["statuses[0]"]);
        expect(await fields({ userId: user, pageToken: "garbage!" })).toEqual(["page_token"]);
        expect(await fields({ userId: user, pageToken: Buffer.from('{"v":1}').toString("base64url") })).toEqual(["page_token"]);
        expect(await fields({ userId: user, pageToken: "x".repeat(100_000) })).toEqual(["page_token"]);
      });

      it("when a page token is altered, forged or used by another user, then INVALID_ARGUMENT names page_token", async () => {
        for (let i = 0; i < 3; i++) await storeSeededOrder(t, user, "PAID");
        const { nextPageToken: token } = await t.client.listOrders({ userId: user, pageSize: 1 });
        const flipped = token.slice(0, 5) + (token[5] === "A" ? "B" : "A") + token.slice(6);
        const forged = Buffer.from(JSON.stringify({ v: 1, t: Date.now(), i: uuid(), f: `${user}|` })).toString("base64url");
        const fields = async (userId: string, pageToken: string) =>
          violatedFields(await rejectionOf(t.client.listOrders({ userId, pageSize: 1, pageToken })));
        expect(await fields(user, flipped)).toEqual(["page_token"]);
        expect(await fields(user, forged)).toEqual(["page_token"]);
        expect(await fields(uuid(), token)).toEqual(["page_token"]);
      });

      it("when a page token is used with other filters, then INVALID_ARGUMENT", async () => {
        for (let i = 0; i < 3; i++) await storeSeededOrder(t, user, "PAID");
        const { nextPageToken } = await t.client.listOrders({ userId: user, pageSize: 1 });
        expect(nextPageToken).not.toBe("");
        const error = await rejectionOf(t.client.listOrders({ userId: user, pageSize: 1, pageToken: nextPageToken, statuses: [OrderStatus.PAID] }));
        expect(violatedFields(error)).toEqual(["page_token"]);
      });
    });

    describeReadMasks(() => t);
  });
}

/** Stores an order the way the seed does (no idempotency key, no reservation). */
export async function storeSeededOrder(
  t: OrdersUnderTest,
  userId: string,
  status: Order["status"],
  createTimeMs = Date.now(),
): Promise<Order> {
  const created = new Date(createTimeMs);
  const order = Order.restore({
    id: uuid(createTimeMs),
    userId,
    status,
    lines: [{ productId: uuid(), quantity: 1, unitPrice: Money.of("USD", 100n) }],
    createTime: created,
    updateTime: created,
  });
  await t.repository.insert(order);
  return order;
}
