import type { Seed } from "@shop/bff-testing";
import { demoId } from "@shop/service-host/demo";

/** Deterministic UUIDv7 ids of the records below, as the services insist on. */
export const userId = (n: number) => demoId("web-test-user", n);
export const productId = (n: number) => demoId("web-test-product", n);
export const orderId = (user: number, n: number) => demoId(`web-test-order-${user}`, n);

/**
 * Two users — Ada (user 1, "ada@shop.test" / "ada-password") and Alan (user 2) — and a catalog of
 * `products` products named "Product <n>" priced 100 + n cents, product 49, 99, … sold out. User 1
 * has `orders` orders of `linesPerOrder` lines each, drawn (with repeats across orders) from the
 * catalog, order n placed at minute n of 2026; user 2 has one order.
 */
export function shopData(options: { orders: number; linesPerOrder: number; products?: number }): Seed {
  const productCount = options.products ?? 300;
  return async (records) => {
    await records.addUsers([
      { id: userId(1), email: "ada@shop.test", displayName: "Ada", password: "ada-password", avatarUrl: "https://img.shop.test/a.jpg" },
      { id: userId(2), email: "alan@shop.test", displayName: "Alan", password: "alan-password" },
    ]);
    await records.addProducts(
      Array.from({ length: productCount }, (_, i) => ({
        id: productId(i), name: `Product ${i}`, priceMinor: 100 + i, stock: i % 50 === 49 ? 0 : 1000, averageRating: 3.46,
        imageUrls: [`https://img.shop.test/web-test/${i}/0.jpg`],
      })),
    );
    await records.addOrders([
      ...Array.from({ length: options.orders }, (_, o) => ({
        id: orderId(1, o), userId: userId(1), createdAt: new Date(Date.UTC(2026, 0, 1, 0, o)),
        lines: Array.from({ length: options.linesPerOrder }, (_, l) => ({ productId: productId((o * 7 + l * 3) % productCount), quantity: 1 + (l % 3) })),
      })),
      { id: orderId(2, 0), userId: userId(2), lines: [{ productId: productId(1), quantity: 1 }] },
    ]);
  };
}
