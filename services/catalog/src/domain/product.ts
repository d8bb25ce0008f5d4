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
