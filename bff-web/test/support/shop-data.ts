import { OrderStatus } from "@shop/contracts/orders/v1";
import { fakeOrder, fakeProduct, fakeUser, type FakeData } from "@shop/bff-testing";

/** Readable fake ids: "u-1", "p-12", "o-3" (the fakes do not insist on UUIDv7). */
export const userId = (n: number) => `u-${n}`;
export const productId = (n: number) => `p-${n}`;
export const orderId = (user: number, n: number) => `o-${user}-${n}`;

/**
 * Two users; user 1 has `orders` orders of `linesPerOrder` lines each, drawn (with repeats across
 * orders) from a pool of `products` products; user 2 has one order.
 */
export function shopData(options: { orders: number; linesPerOrder: number; products?: number }): FakeData {
  const productCount = options.products ?? 300;
  const products = Array.from({ length: productCount }, (_, i) =>
    fakeProduct({ id: productId(i), name: `Product ${i}`, priceMinor: 100 + i, stock: i % 50 === 49 ? 0 : 1000, averageRating: 3.46 }),
  );
  const users = [
    fakeUser({ id: userId(1), email: "ada@shop.test", displayName: "Ada", avatarUrl: "https://img.shop.test/a.jpg" }),
    fakeUser({ id: userId(2), email: "alan@shop.test", displayName: "Alan" }),
  ];
  const orders = Array.from({ length: options.orders }, (_, o) =>
    fakeOrder({
      id: orderId(1, o), userId: userId(1), status: OrderStatus.PLACED, createdAt: new Date(Date.UTC(2026, 0, 1, 0, o)),
      lines: Array.from({ length: options.linesPerOrder }, (_, l) => ({ productId: productId((o * 7 + l * 3) % productCount), quantity: 1 + (l % 3), unitPriceMinor: 100 + ((o * 7 + l * 3) % productCount) })),
    }),
  );
  orders.push(fakeOrder({ id: orderId(2, 0), userId: userId(2), lines: [{ productId: productId(1), quantity: 1, unitPriceMinor: 101 }] }));
  return {
    users,
    passwords: new Map([["ada@shop.test", "ada-password"], ["alan@shop.test", "alan-password"]]),
    products,
    orders,
  };
}
