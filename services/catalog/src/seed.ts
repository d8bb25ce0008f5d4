import { DEMO_PRODUCT_COUNT, demoProduct } from "@shop/service-host/demo";
import type { ProductRecord } from "./domain/product.js";

/** Demo product `index` exactly as `@shop/service-host/demo` defines it (orders rely on its id and price). */
export function demoProductRecord(index: number): ProductRecord {
  const d = demoProduct(index);
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    currencyCode: d.currencyCode,
    priceMinor: BigInt(d.priceMinor),
    category: d.category,
    imageUrls: d.imageUrls,
    thumbnailUrl: d.thumbnailUrl,
    averageRating: d.averageRating,
    reviewCount: d.reviewCount,
    stock: d.stock,
    createdAt: d.createdAt,
    updatedAt: d.createdAt,
  };
}

/** Where the seed writes: the product repository's bulk side. */
export interface ProductSeedTarget {
  count(): Promise<number>;
  insertMany(products: readonly ProductRecord[]): Promise<void>;
}

/** What the seed did. */
export interface SeedReport {
  readonly inserted: number;
  readonly ms: number;
}

/**
 * Inserts the 5,000 demo products (in 1,000-row INSERTs) when the catalog is empty; does nothing
 * otherwise. Deterministic: every run writes the same rows.
 */
export async function seedDemoCatalog(target: ProductSeedTarget, count = DEMO_PRODUCT_COUNT): Promise<SeedReport> {
  const started = performance.now();
  if ((await target.count()) > 0) return { inserted: 0, ms: performance.now() - started };
  await target.insertMany(Array.from({ length: count }, (_, i) => demoProductRecord(i)));
  return { inserted: count, ms: Math.round(performance.now() - started) };
}
