import { seedWhenEmpty, type SeedReport } from "@shop/service-host";
import { DEMO_ORDER_COUNT, demoOrder } from "@shop/service-host/demo";
import { Money } from "./domain/money.js";
import { Order } from "./domain/order.js";

/** Where the seed writes: implemented by PrismaOrderRepository. */
export interface OrderSeedTarget {
  /** True when there is no order at all. */
  isEmpty(): Promise<boolean>;
  /** Stores many orders with their lines in one transaction, in bulk; existing ids are skipped. */
  insertMany(orders: readonly Order[]): Promise<void>;
}

/** The demo order number `index` as an Order (prices from the demo catalog, no placement). */
export function demoOrderAggregate(index: number): Order {
  const demo = demoOrder(index);
  return Order.restore({
    id: demo.id,
    userId: demo.userId,
    status: demo.status,
    createTime: demo.createdAt,
    updateTime: demo.createdAt,
    lines: demo.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: Money.of(line.currencyCode, line.unitPriceMinor),
    })),
  });
}

/**
 * Seeds the demo orders (`demoOrder(0..count-1)` of @shop/service-host/demo, prices included, so the
 * catalog is not called) when there are none. Deterministic. Seeded orders have no idempotency
 * key and no reservation, so CancelOrder releases nothing for them.
 */
export function seedDemoOrders(target: OrderSeedTarget, count: number = DEMO_ORDER_COUNT): Promise<SeedReport> {
  return seedWhenEmpty(
    () => target.isEmpty(),
    async () => {
      await target.insertMany(Array.from({ length: count }, (_, i) => demoOrderAggregate(i)));
      return count;
    },
  );
}
