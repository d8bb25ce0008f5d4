import {
  checkPageSize,
  FieldViolations,
  pageTokenCodec,
  parseReadMask,
  type PageSizeRule,
  type SelectedFields,
} from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import { PRODUCT_FIELDS, type PartialProduct, type ProductField } from "./domain/product.js";
import { checkText } from "./validation.js";

/** How many products a page holds: 20 unless the request asks for 1 to 100. */
export const PRODUCTS_PAGE_SIZE: PageSizeRule = { fallback: 20, max: 100 };
export const MAX_QUERY_LENGTH = 200;
const CATEGORY = /^[a-z0-9-]{1,64}$/;

export interface ListProductsInput {
  readonly pageSize: number;
  readonly pageToken: string;
  readonly category: string;
  readonly query: string;
  /** The read mask's paths; empty for every field. */
  readonly readMask: readonly string[];
}

export interface ListProductsResult extends SelectedFields<ProductField> {
  readonly products: readonly PartialProduct[];
  /** Empty when there are no more pages. */
  readonly nextPageToken: string;
}

/** Where a page of ListProducts ends: the (name, id) of its last product. */
interface ProductCursor {
  readonly name: string;
  readonly id: string;
}

/** Page tokens of ListProducts, bound to its category and query. */
const productPages = pageTokenCodec<ProductCursor>({
  purpose: "catalog.ListProducts/v1",
  toJson: (cursor) => [cursor.name, cursor.id],
  fromJson: (data) =>
    Array.isArray(data) && data.length === 2 && typeof data[0] === "string" && typeof data[1] === "string"
      ? { name: data[0], id: data[1] }
      : undefined,
});

/** One page of products ordered by (name, id), keyset-paginated so concurrent inserts never shift it. */
export async function listProducts(deps: Pick<CatalogDependencies, "products">, input: ListProductsInput): Promise<ListProductsResult> {
  const violations = new FieldViolations();
  const pageSize = checkPageSize(violations, "page_size", input.pageSize, PRODUCTS_PAGE_SIZE);
  if (input.category !== "" && !CATEGORY.test(input.category)) {
    violations.add("category", "must be 1 to 64 characters of a-z, 0-9 and -");
  }
  checkText(violations, "query", input.query, MAX_QUERY_LENGTH);
  const filters = { category: input.category, query: input.query };
  const cursor = productPages.read(violations, "page_token", input.pageToken, filters);
  const fields = parseReadMask(input.readMask, PRODUCT_FIELDS, violations);
  violations.throwIfAny();

  const query = {
    ...(input.category !== "" && { category: input.category }),
    ...(input.query.trim() !== "" && { text: input.query.trim() }),
    ...(cursor && { after: cursor }),
    limit: pageSize + 1,
  };
  const rows = await deps.products.list(query, fields);
  const products = rows.slice(0, pageSize);
  const last = products.at(-1);
  const nextPageToken = rows.length > pageSize && last ? productPages.encode({ name: last.name, id: last.id }, filters) : "";
  return { products, nextPageToken, fields };
}
