import { demoProduct } from "@shop/platform/demo";
import type { ProductRecord } from "../../src/domain/product.js";

/** Demo product `index` as a stored record, optionally with some fields replaced. */
export function productRecord(index: number, overrides: Partial<ProductRecord> = {}): ProductRecord {
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
    ...overrides,
  };
}
