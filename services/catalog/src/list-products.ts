import type { ProductRepository } from "./data/repositories.js";
import type { ProductRecord } from "./domain/product.js";
import { ViolationList } from "./errors.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { checkPageSize, checkText } from "./validation.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 200;
const CATEGORY = /^[a-z0-9-]{1,64}$/;

export interface ListProductsInput {
  readonly pageSize: number;
  readonly pageToken: string;
  readonly category: string;
  readonly query: string;
}

export interface ListProductsResult {
  readonly products: readonly ProductRecord[];
  /** Empty when there are no more pages. */
  readonly nextPageToken: string;
}

/** One page of products ordered by (name, id), keyset-paginated so concurrent inserts never shift it. */
export async function listProducts(deps: { readonly products: ProductRepository }, input: ListProductsInput): Promise<ListProductsResult> {
  const violations = new ViolationList();
  const pageSize = checkPageSize(violations, "page_size", input.pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (input.category !== "" && !CATEGORY.test(input.category)) {
    violations.add("category", "must be 1 to 64 characters of a-z, 0-9 and -");
  }
  checkText(violations, "query", input.query, MAX_QUERY_LENGTH);
  const cursor = input.pageToken === "" ? undefined : decodePageToken(input.pageToken);
  if (input.pageToken !== "" && !cursor) violations.add("page_token", "is not a token this service issued");
  if (cursor && (cursor.category !== input.category || cursor.query !== input.query)) {
    violations.add("page_token", "was issued for different filters");
  }
  violations.throwIfAny();

  const rows = await deps.products.list({
    ...(input.category !== "" && { category: input.category }),
    ...(input.query.trim() !== "" && { text: input.query.trim() }),
    ...(cursor && { after: { name: cursor.name, id: cursor.id } }),
    limit: pageSize + 1,
  });
  const products = rows.slice(0, pageSize);
  const last = products.at(-1);
  const nextPageToken =
    rows.length > pageSize && last
      ? encodePageToken({ name: last.name, id: last.id, category: input.category, query: input.query })
      : "";
  return { products, nextPageToken };
}
