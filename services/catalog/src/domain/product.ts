/** A product as the catalog stores it; `stock` is never negative. */
export interface ProductRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** ISO 4217 code, e.g. "USD". */
  readonly currencyCode: string;
  /** Price in minor units of `currencyCode`. */
  readonly priceMinor: bigint;
  readonly category: string;
  readonly imageUrls: readonly string[];
  readonly thumbnailUrl: string;
  readonly averageRating: number;
  readonly reviewCount: number;
  readonly stock: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * What a read may select of a product (its read mask's paths): the contract's field names, so a
 * caller's mask is checked against exactly what it can ask for.
 */
export const PRODUCT_FIELDS = [
  "id",
  "name",
  "description",
  "price",
  "category",
  "image_urls",
  "thumbnail_url",
  "average_rating",
  "review_count",
  "stock_available",
  "create_time",
  "update_time",
] as const;

/** One of {@link PRODUCT_FIELDS}. */
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/**
 * A product as a read returns it: the id always, every other field only when the read selected
 * it, since the repository reads just those columns. Optional rather than defaulted, so a field
 * that was not read can never pass for an empty one; a whole ProductRecord is one too.
 */
export type PartialProduct = Pick<ProductRecord, "id"> & Partial<ProductRecord>;
