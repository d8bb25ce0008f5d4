import { checkId, checkPageSize, FieldViolations, parseReadMask, type PageSizeRule, type SelectedFields } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import { PRODUCT_FIELDS, type PartialProduct, type ProductField } from "./domain/product.js";
import { recKeyOf } from "./domain/rec-key.js";

/** How many recommendations a request gets: 10 unless it asks for 1 to 50. */
export const RECOMMENDATIONS_PAGE_SIZE: PageSizeRule = { fallback: 10, max: 50 };

/** The recommended products, holding the fields the read mask selected. */
export interface ListRecommendationsResult extends SelectedFields<ProductField> {
  readonly products: readonly PartialProduct[];
}

/**
 * In-stock products for a user: the next products by recommendation key after the key of the
 * user's id. The same user always gets the same list (while stock and catalog stay put), other
 * users start elsewhere. The user need not exist here: the catalog does not know users.
 */
export async function listRecommendations(
  deps: Pick<CatalogDependencies, "products">,
  input: { readonly userId: string; readonly pageSize: number; readonly readMask: readonly string[] },
): Promise<ListRecommendationsResult> {
  const violations = new FieldViolations();
  checkId(violations, "user_id", input.userId);
  const limit = checkPageSize(violations, "page_size", input.pageSize, RECOMMENDATIONS_PAGE_SIZE);
  const fields = parseReadMask(input.readMask, PRODUCT_FIELDS, violations);
  violations.throwIfAny();

  return { products: await deps.products.recommend(recKeyOf(input.userId), limit, fields), fields };
}
