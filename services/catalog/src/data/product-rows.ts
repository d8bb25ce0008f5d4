import { EVERY_FIELD, selectColumns, type FieldSelection } from "@shop/service-host";
import type { PartialProduct, ProductField, ProductRecord } from "../domain/product.js";
import { recKeyOf } from "../domain/rec-key.js";
import type { Product, Prisma } from "./generated/client.js";

/** A column a read returns (the recommendation key stays in the database). */
type ProductColumn = Exclude<keyof Product, "recKey">;

/** The columns behind each field a read may select (the id is always read). */
const COLUMNS_OF: Readonly<Record<Exclude<ProductField, "id">, readonly ProductColumn[]>> = {
  name: ["name"],
  description: ["description"],
  price: ["currencyCode", "priceMinor"],
  category: ["category"],
  image_urls: ["imageUrls"],
  thumbnail_url: ["thumbnailUrl"],
  average_rating: ["averageRating"],
  review_count: ["reviewCount"],
  stock_available: ["stock"],
  create_time: ["createdAt"],
  update_time: ["updatedAt"],
};

/**
 * A product row as a narrowed read returns it: the id and whichever columns were selected. Prisma
 * types the result of a `select` built at run time as if every column came back; reads assign it
 * to this type instead, so no code can use a column that was not read.
 */
export type ProductRow = Pick<Product, "id"> & Partial<Pick<Product, ProductColumn>>;

/** The Prisma `select` of a read: the id, the columns of the selected `fields`, and `also` (what paging needs). */
export function productSelect(fields: FieldSelection<ProductField> = EVERY_FIELD, also: readonly ProductColumn[] = []): Prisma.ProductSelect {
  return selectColumns(fields, COLUMNS_OF, ["id", ...also]);
}

/** A read row as the domain sees it: the same fields, the blank-padded char(3) currency trimmed. */
export function toPartialProduct<Row extends ProductRow>(row: Row): Row & PartialProduct {
  return row.currencyCode === undefined ? row : { ...row, currencyCode: row.currencyCode.trim() };
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
