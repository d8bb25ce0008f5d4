import { checkId, checkPageSize, FieldViolations, type PageSizeRule } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import type { ProductRecord } from "./domain/product.js";
import { recKeyOf } from "./domain/rec-key.js";

/** How many recommendations a request gets: 10 unless it asks for 1 to 50. */
export const RECOMMENDATIONS_PAGE_SIZE: PageSizeRule = { fallback: 10, max: 50 };

/**
 * In-stock products for a user: the next products by recommendation key after the key of the
 * user's id. The same user always gets the same list (while stock and catalog stay put), other
 * users start elsewhere. The user need not exist here: the catalog does not know users.
 */
export async function listRecommendations(
  deps: Pick<CatalogDependencies, "products">,
  input: { readonly userId: string; readonly pageSize: number },
): Promise<readonly ProductRecord[]> {
  const violations = new FieldViolations();
  checkId(violations, "user_id", input.userId);
  const limit = checkPageSize(violations, "page_size", input.pageSize, RECOMMENDATIONS_PAGE_SIZE);
  violations.throwIfAny();

  return deps.products.recommend(recKeyOf(input.userId), limit);
}
