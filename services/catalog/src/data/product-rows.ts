import type { ProductRecord } from "../domain/product.js";
import { recKeyOf } from "../domain/rec-key.js";
import type { Product, Prisma } from "./generated/client.js";

/** A stored product row as the domain sees it. */
export function toProductRecord(row: Product): ProductRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    currencyCode: row.currencyCode.trim(),
    priceMinor: row.priceMinor,
    category: row.category,
    imageUrls: row.imageUrls,
    thumbnailUrl: row.thumbnailUrl,
    averageRating: row.averageRating,
    reviewCount: row.reviewCount,
    stock: row.stock,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The row to insert for a product; its recommendation key derives from its id. */
export function toProductRow(p: ProductRecord): Prisma.ProductCreateManyInput {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    currencyCode: p.currencyCode,
    priceMinor: p.priceMinor,
    category: p.category,
    imageUrls: [...p.imageUrls],
    thumbnailUrl: p.thumbnailUrl,
    averageRating: p.averageRating,
    reviewCount: p.reviewCount,
    stock: p.stock,
    recKey: recKeyOf(p.id),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
