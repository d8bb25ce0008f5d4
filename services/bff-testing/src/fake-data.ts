import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ProductSchema, type Product } from "@shop/contracts/catalog/v1";
import { OrderSchema, OrderStatus, type Order } from "@shop/contracts/orders/v1";
import { UserSchema, type User } from "@shop/contracts/users/v1";
import { DEMO_LOGIN, demoOrder, demoProduct, demoUser } from "@shop/service-host/demo";

/** The records the fake services answer from. Tests may change them at any time. */
export interface FakeData {
  /** UserService records. */
  readonly users: User[];
  /** email (lower case) → password, for VerifyCredentials. */
  readonly passwords: Map<string, string>;
  /** CatalogService records; `stockAvailable` is what ReserveStock takes from. */
  readonly products: Product[];
  /** OrderService records. */
  readonly orders: Order[];
}

/** How much of the deterministic demo data set to load. */
export interface DemoFakeDataOptions {
  /** @default 20 */
  readonly users?: number;
  /** @default 200 */
  readonly products?: number;
  /** @default 100 (spread evenly over the users, with products from the loaded ones) */
  readonly orders?: number;
}

/**
 * Fake data derived from `@shop/service-host/demo`: the same ids, names and prices the real seeds use.
 * User 0 is the demo login (`DEMO_LOGIN`); every user's password is `password-<index>` except it.
 */
export function demoFakeData(options: DemoFakeDataOptions = {}): FakeData {
  const { users = 20, products = 200, orders = 100 } = options;
  const data: FakeData = { users: [], passwords: new Map(), products: [], orders: [] };
  for (let i = 0; i < users; i++) {
    const u = demoUser(i);
    data.users.push(fakeUser({ id: u.id, email: u.email, displayName: u.displayName, avatarUrl: u.avatarUrl, avatarThumbnailUrl: u.avatarThumbnailUrl, createdAt: u.createdAt }));
    data.passwords.set(u.email, i === 0 ? DEMO_LOGIN.password : `password-${i}`);
  }
  for (let i = 0; i < products; i++) {
    const p = demoProduct(i);
    data.products.push(
      create(ProductSchema, {
        id: p.id, name: p.name, description: p.description,
        price: { currencyCode: p.currencyCode, amountMinor: BigInt(p.priceMinor) },
        category: p.category, imageUrls: p.imageUrls, thumbnailUrl: p.thumbnailUrl,
        averageRating: p.averageRating, reviewCount: p.reviewCount, stockAvailable: p.stock,
        createTime: timestampFromDate(p.createdAt), updateTime: timestampFromDate(p.createdAt),
      }),
    );
  }
  const userIds = data.users.map((u) => u.id);
  for (let i = 0; i < orders && userIds.length > 0 && data.products.length > 0; i++) {
    const o = demoOrder(i);
    const lines = o.lines.map((line, n) => {
      // Demo orders point into the full 5,000-product catalog; map onto the loaded products.
      const product = data.products[(hashIndex(line.productId) + n) % data.products.length]!;
      return { product, quantity: line.quantity };
    });
    const distinct = [...new Map(lines.map((l) => [l.product.id, l])).values()];
    data.orders.push(
      fakeOrder({
        id: o.id, userId: userIds[i % userIds.length]!, status: STATUS_OF[o.status],
        lines: distinct.map((l) => ({ productId: l.product.id, quantity: l.quantity, unitPriceMinor: l.product.price!.amountMinor })),
        createdAt: o.createdAt,
      }),
    );
  }
  return data;
}

const STATUS_OF = {
  PLACED: OrderStatus.PLACED,
  PAID: OrderStatus.PAID,
  SHIPPED: OrderStatus.SHIPPED,
  DELIVERED: OrderStatus.DELIVERED,
  CANCELLED: OrderStatus.CANCELLED,
} as const;

function hashIndex(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** A User message from plain fields. */
export function fakeUser(fields: {
  readonly id: string; readonly email: string; readonly displayName: string;
  readonly avatarUrl?: string; readonly avatarThumbnailUrl?: string; readonly createdAt?: Date;
}): User {
  const at = timestampFromDate(fields.createdAt ?? new Date(Date.UTC(2026, 0, 1)));
  return create(UserSchema, {
    id: fields.id, email: fields.email.toLowerCase(), displayName: fields.displayName,
    avatarUrl: fields.avatarUrl ?? "", avatarThumbnailUrl: fields.avatarThumbnailUrl ?? "",
    createTime: at, updateTime: at,
  });
}

/** A Product message from plain fields (USD). */
export function fakeProduct(fields: {
  readonly id: string; readonly name: string; readonly priceMinor: bigint | number;
  readonly category?: string; readonly stock?: number; readonly averageRating?: number; readonly createdAt?: Date;
}): Product {
  const at = timestampFromDate(fields.createdAt ?? new Date(Date.UTC(2026, 0, 1)));
  return create(ProductSchema, {
    id: fields.id, name: fields.name, description: `About ${fields.name}.`,
    price: { currencyCode: "USD", amountMinor: BigInt(fields.priceMinor) },
    category: fields.category ?? "home",
    imageUrls: [`https://img.shop.test/fake/${fields.id}/0.jpg`],
    thumbnailUrl: `https://img.shop.test/fake/${fields.id}/thumb.jpg`,
    averageRating: fields.averageRating ?? 4.25, reviewCount: 10, stockAvailable: fields.stock ?? 100,
    createTime: at, updateTime: at,
  });
}

/** An Order message from plain fields (USD); line totals and the total are computed. */
export function fakeOrder(fields: {
  readonly id: string; readonly userId: string; readonly status?: OrderStatus; readonly createdAt?: Date;
  readonly lines: readonly { readonly productId: string; readonly quantity: number; readonly unitPriceMinor: bigint | number }[];
}): Order {
  const at = timestampFromDate(fields.createdAt ?? new Date(Date.UTC(2026, 0, 1)));
  const lines = fields.lines.map((l) => ({
    productId: l.productId, quantity: l.quantity,
    unitPrice: { currencyCode: "USD", amountMinor: BigInt(l.unitPriceMinor) },
    lineTotal: { currencyCode: "USD", amountMinor: BigInt(l.unitPriceMinor) * BigInt(l.quantity) },
  }));
  const total = lines.reduce((sum, l) => sum + l.lineTotal.amountMinor, 0n);
  return create(OrderSchema, {
    id: fields.id, userId: fields.userId, status: fields.status ?? OrderStatus.PLACED, lines,
    total: { currencyCode: "USD", amountMinor: total }, createTime: at, updateTime: at,
  });
}
