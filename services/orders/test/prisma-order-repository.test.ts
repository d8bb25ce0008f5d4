import { FieldViolations, parseReadMask } from "@shop/service-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestPostgresDatabase,
  defaultTestServerUrl,
  openDatabase,
  postgresAvailable,
  QueryCounter,
  type Database,
} from "@shop/service-host/db";
import { ORDERS_MIGRATIONS_DIR } from "../src/app.js";
import { PrismaClient } from "../src/data/generated/client.js";
import { PrismaOrderRepository } from "../src/data/prisma-order-repository.js";
import { Money } from "../src/domain/money.js";
import { Order, type OrderStatus } from "../src/domain/order.js";
import { ORDER_FIELDS } from "../src/domain/partial-order.js";
import { DuplicateIdempotencyKeyError } from "../src/order-repository.js";
import { demoOrderAggregate, seedDemoOrders } from "../src/seed.js";
import { uuid } from "./support/harness.js";

function anOrder(userId: string, options: { status?: OrderStatus; at?: number; key?: string; lines?: number } = {}): Order {
  const at = options.at ?? Date.now();
  const created = new Date(at);
  return Order.restore({
    id: uuid(at),
    userId,
    status: options.status ?? "PLACED",
    createTime: created,
    updateTime: created,
    lines: Array.from({ length: options.lines ?? 2 }, (_, i) => ({
      productId: uuid(),
      quantity: i + 1,
      unitPrice: Money.of("USD", 2n ** 60n + BigInt(i)),
    })),
    placement: options.key ? { idempotencyKey: options.key, requestHash: "a".repeat(64), reservationId: `orders.${options.key}` } : undefined,
  });
}

/** The selection of a read mask of known paths. */
const readMask = (...paths: string[]) => parseReadMask(paths, ORDER_FIELDS, new FieldViolations());

type Opened = { database: Database; cleanup: () => Promise<void> } | { skip: string };

function describeRepository(name: string, open: (counter: QueryCounter) => Promise<Opened>): void {
  describe(name, () => {
    const counter = new QueryCounter();
    let prisma: PrismaClient | undefined;
    let repository: PrismaOrderRepository;
    let cleanup = async () => {};
    let skip: string | undefined;

    beforeAll(async () => {
      const opened = await open(counter);
      if ("skip" in opened) {
        skip = opened.skip;
        return;
      }
      cleanup = opened.cleanup;
      prisma = new PrismaClient({ adapter: opened.database.adapter });
      repository = new PrismaOrderRepository(prisma);
    });
    afterAll(async () => {
      await prisma?.$disconnect();
      await cleanup();
    });
    const ready = (context: { skip: (reason: string) => void }) => {
      if (skip !== undefined) context.skip(skip);
    };

    it("when an order is stored and read back, then lines, order, exact amounts and placement survive", async (context) => {
      ready(context);
      const order = anOrder(uuid(), { key: "round-trip", lines: 3 });
      await repository.insert(order);
      const back = await repository.findById(order.id);
      expect(back?.state).toEqual(order.state);
      expect(back?.total.amountMinor).toBe(order.total.amountMinor);
      expect(await repository.findByIdempotencyKey(order.userId, "round-trip")).toEqual(back);
    });

    it("when 500 ids are read in a batch, then it is ONE SQL query and only the stored orders come back", async (context) => {
      ready(context);
      const user = uuid();
      const stored = [anOrder(user), anOrder(user), anOrder(user)];
      for (const order of stored) await repository.insert(order);
      const ids = [...stored.map((o) => o.id), ...Array.from({ length: 497 }, () => uuid())];
      counter.reset();
      const found = await repository.findByIds(ids);
      expect(counter.count).toBe(1);
      expect(found.map((o) => o.id).sort()).toEqual(stored.map((o) => o.id).sort());
      expect(found.every((o) => o.lines.length === 2)).toBe(true);
    });

    it("when one order or one page is read, then it is one SQL query each", async (context) => {
      ready(context);
      const order = anOrder(uuid());
      await repository.insert(order);
      counter.reset();
      await repository.findById(order.id);
      expect(counter.count).toBe(1);
      counter.reset();
      await repository.list({ userId: order.userId, statuses: ["PLACED", "PAID"], limit: 21, after: { createTime: new Date(), id: uuid() } });
      expect(counter.count).toBe(1);
    });

    it("when orders are read with the mask status, then the same one query runs and it never touches order_lines", async (context) => {
      ready(context);
      const user = uuid();
      const stored = [anOrder(user, { status: "PAID" }), anOrder(user, { status: "PAID" })];
      for (const order of stored) await repository.insert(order);
      const ids = stored.map((o) => o.id);
      counter.reset();
      await repository.findByIds(ids);
      const whole = counter.queries;
      counter.reset();
      const found = await repository.findByIds(ids, readMask("status"));
      expect([whole.length, counter.count]).toEqual([1, 1]);
      expect(whole[0]?.sql).toMatch(/order_lines/);
      expect(counter.queries[0]?.sql).not.toMatch(/order_lines|total_minor|user_id/);
      expect(found.map((o) => [o.status, o.lines])).toEqual([
        ["PAID", undefined],
        ["PAID", undefined],
      ]);
    });

    it("when a page is read with the mask status, then one query reads the status and the create time its cursor needs, no lines", async (context) => {
      ready(context);
      const order = anOrder(uuid());
      await repository.insert(order);
      counter.reset();
      const [listed] = await repository.list({ userId: order.userId, statuses: [], limit: 21 }, readMask("status"));
      expect(counter.count).toBe(1);
      expect(counter.queries[0]?.sql).not.toMatch(/order_lines/);
      expect([listed?.id, listed?.status, listed?.createTime, listed?.lines]).toEqual([order.id, "PLACED", order.createTime, undefined]);
    });

    it("when orders are read with the mask lines.product_id, then the one query joins the lines for their product ids, not their prices", async (context) => {
      ready(context);
      const order = anOrder(uuid(), { lines: 3 });
      await repository.insert(order);
      counter.reset();
      const [found] = await repository.findByIds([order.id], readMask("lines.product_id"));
      expect(counter.count).toBe(1);
      expect(counter.queries[0]?.sql).toMatch(/order_lines/);
      expect(counter.queries[0]?.sql).not.toMatch(/unit_price_minor/);
      expect(found?.lines?.map((line) => line.productId)).toEqual(order.lines.map((line) => line.productId));
      expect(found?.lines?.every((line) => line.quantity === undefined && line.unitPrice === undefined)).toBe(true);
    });

    it("when a second order uses the same user and idempotency key, then DuplicateIdempotencyKeyError and nothing of it is stored", async (context) => {
      ready(context);
      const user = uuid();
      await repository.insert(anOrder(user, { key: "once" }));
      const second = anOrder(user, { key: "once" });
      await expect(repository.insert(second)).rejects.toBeInstanceOf(DuplicateIdempotencyKeyError);
      expect(await repository.findById(second.id)).toBeUndefined();
      expect(await prisma!.orderLine.count({ where: { orderId: second.id } })).toBe(0);
    });

    it("when a line cannot be stored, then the order is not stored either (one transaction)", async (context) => {
      ready(context);
      const product = uuid();
      const base = anOrder(uuid());
      const broken = Order.restore({
        ...base.state,
        lines: [
          { productId: product, quantity: 1, unitPrice: Money.of("USD", 1n) },
          { productId: product, quantity: 2, unitPrice: Money.of("USD", 1n) },
        ],
      });
      await expect(repository.insert(broken)).rejects.toThrow();
      expect(await repository.findById(broken.id)).toBeUndefined();
    });

    it("when the status is updated, then it is stored only if it was still the expected one", async (context) => {
      ready(context);
      const order = anOrder(uuid());
      await repository.insert(order);
      const paid = order.transitionTo("PAID", new Date());
      expect(await repository.updateStatus(paid, "PLACED")).toBe(true);
      expect(await repository.updateStatus(paid.transitionTo("CANCELLED", new Date()), "PLACED")).toBe(false);
      expect((await repository.findById(order.id))?.status).toBe("PAID");
    });

    it("when a user's orders are listed in pages, then they come newest first, ties broken by id, filtered by status", async (context) => {
      ready(context);
      const user = uuid();
      const at = Date.UTC(2026, 2, 1);
      const orders = [
        anOrder(user, { at, status: "PAID" }),
        anOrder(user, { at, status: "PLACED" }),
        anOrder(user, { at: at + 5, status: "PAID" }),
        anOrder(user, { at: at - 5, status: "DELIVERED" }),
        anOrder(uuid(), { at, status: "PAID" }),
      ];
      for (const order of orders) await repository.insert(order);
      const expected = orders
        .filter((o) => o.userId === user)
        .sort((a, b) => b.state.createTime.getTime() - a.state.createTime.getTime() || (a.id < b.id ? 1 : -1))
        .map((o) => o.id);
      const first = await repository.list({ userId: user, statuses: [], limit: 2 });
      const last = first[1]!;
      const rest = await repository.list({ userId: user, statuses: [], limit: 10, after: { createTime: last.state.createTime, id: last.id } });
      expect([...first, ...rest].map((o) => o.id)).toEqual(expected);
      const paid = await repository.list({ userId: user, statuses: ["PAID"], limit: 10 });
      expect(paid.map((o) => o.status)).toEqual(["PAID", "PAID"]);
    });

    it("when demo orders are seeded twice, then the second run writes nothing and totals match the demo prices", async (context) => {
      ready(context);
      await prisma!.order.deleteMany({});
      expect(await repository.isEmpty()).toBe(true);
      const first = await seedDemoOrders(repository, 300);
      expect(first.inserted).toBe(300);
      expect((await seedDemoOrders(repository, 300)).inserted).toBe(0);
      expect(await prisma!.order.count()).toBe(300);
      const demo = demoOrderAggregate(7);
      const stored = await repository.findById(demo.id);
      expect(stored?.total.equals(demo.total)).toBe(true);
      expect(stored?.lines).toEqual(demo.lines);
      expect(stored?.state.placement).toBeUndefined();
      expect(await prisma!.orderLine.count()).toBe(Array.from({ length: 300 }, (_, i) => demoOrderAggregate(i).lines.length).reduce((a, b) => a + b));
    });
  });
}

describeRepository("PrismaOrderRepository on PGlite in memory", async (counter) => {
  const database = await openDatabase({ service: "orders", inMemory: true, migrationsDir: ORDERS_MIGRATIONS_DIR, onQuery: counter.listener });
  return { database, cleanup: () => database.close() };
});

describeRepository("PrismaOrderRepository on PostgreSQL", async (counter) => {
  if (!(await postgresAvailable())) return { skip: `no PostgreSQL answers at ${defaultTestServerUrl}` };
  const test = await createTestPostgresDatabase({ prefix: "orders_repo" });
  const database = await openDatabase({ service: "orders", url: test.url, poolSize: 4, migrationsDir: ORDERS_MIGRATIONS_DIR, onQuery: counter.listener });
  return {
    database,
    cleanup: async () => {
      await database.close();
      await test.drop();
    },
  };
});
