import { seedWhenEmpty, type SeedReport } from "@shop/service-host";
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

/**
 * Inserts the 5,000 demo products (in 1,000-row INSERTs) when the catalog is empty; does nothing
 * otherwise. Deterministic: every run writes the same rows.
 */
export function seedDemoCatalog(target: ProductSeedTarget, count = DEMO_PRODUCT_COUNT): Promise<SeedReport> {
  return seedWhenEmpty(
    async () => (await target.count()) === 0,
    async () => {
      await target.insertMany(Array.from({ length: count }, (_, i) => demoProductRecord(i)));
      return count;
    },
  );
}
