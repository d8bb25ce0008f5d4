import type { Client } from "@connectrpc/connect";
import type { CatalogService } from "@shop/contracts/catalog/v1";
import { newId } from "@shop/grpc-runtime/ids";
import type { ProductRecord } from "../../src/domain/product.js";

/** A running catalog (in memory or over a socket) with the demo catalog seeded. */
export interface CatalogFixture {
  readonly client: Client<typeof CatalogService>;
  /** Adds products directly (the API has no write RPC for products). */
  insertProducts(products: readonly ProductRecord[]): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh product with a new id; names sort by `name` when given. */
export function newProduct(fields: Partial<ProductRecord> = {}): ProductRecord {
  counter++;
  const now = new Date();
  return {
    id: newId(),
    name: `Test product ${counter}`,
    description: `Made for test number ${counter}.`,
    currencyCode: "USD",
    priceMinor: 1234n,
    category: "tests",
    imageUrls: ["https://img.shop.test/t/1.jpg"],
    thumbnailUrl: "https://img.shop.test/t/1-thumb.jpg",
    averageRating: 4.5,
    reviewCount: 2,
    stock: 10,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** A category slug no other test uses, so list tests see only their own rows. */
export function uniqueCategory(): string {
  counter++;
  return `t-${process.pid}-${counter}`;
}
