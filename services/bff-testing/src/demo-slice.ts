import { demoProductRecord } from "@shop/catalog/testing";
import { OrderStatus } from "@shop/contracts/orders/v1";
import { DEMO_LOGIN, demoOrder, demoUser } from "@shop/service-host/demo";
import type { ServiceRecords } from "./service-records.js";

/** What the in-memory services hold when they start: a function that stores records. */
export type Seed = (records: ServiceRecords) => Promise<void>;

/** How much of the deterministic demo data set to load. */
export interface DemoSliceOptions {
  /** @default 20 */
  readonly users?: number;
  /** @default 200 */
  readonly products?: number;
  /** @default 100 (spread evenly over the loaded users, with lines on the loaded products) */
  readonly orders?: number;
}

/**
 * A slice of `@shop/service-host/demo`, with the ids, names and prices the real seeds use: demo
 * users 0…, demo products 0… and demo orders 0…, each order given to loaded user `index mod users`
 * and its lines moved onto loaded products (demo orders point into the whole 5,000-product catalog).
 * User 0 is the demo login (`DEMO_LOGIN`); as in the users service's seed, nobody else can log in.
 */
export function demoSlice(options: DemoSliceOptions = {}): Seed {
  const { users = 20, products = 200, orders = 100 } = options;
  return async (records) => {
    const loadedUsers = await records.addUsers(
      range(users).map((i) => {
        const user = demoUser(i);
        return { ...user, ...(i === 0 && { password: DEMO_LOGIN.password }) };
      }),
    );
    const loadedProducts = await records.addProducts(range(products).map(demoProductRecord));
    if (loadedUsers.length === 0 || loadedProducts.length === 0) return;
    await records.addOrders(
      range(orders).map((i) => {
        const order = demoOrder(i);
        const lines = order.lines.map((line, n) => ({
          productId: loadedProducts[(hashIndex(line.productId) + n) % loadedProducts.length]!.id,
          quantity: line.quantity,
        }));
        return {
          id: order.id,
          userId: loadedUsers[i % loadedUsers.length]!.id,
          status: OrderStatus[order.status],
          createdAt: order.createdAt,
          lines: [...new Map(lines.map((line) => [line.productId, line])).values()],
        };
      }),
    );
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function hashIndex(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
