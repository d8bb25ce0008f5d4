import type { ProductRepository } from "./data/repositories.js";
import type { ProductRecord } from "./domain/product.js";
import { recKeyOf } from "./domain/rec-key.js";
import { ViolationList } from "./errors.js";
import { checkPageSize, checkUuidV7 } from "./validation.js";

export const DEFAULT_RECOMMENDATIONS = 10;
export const MAX_RECOMMENDATIONS = 50;

/**
 * In-stock products for a user: the next products by recommendation key after the key of the
 * user's id. The same user always gets the same list (while stock and catalog stay put), other
 * users start elsewhere. The user need not exist here: the catalog does not know users.
 */
export async function listRecommendations(
  deps: { readonly products: ProductRepository },
  input: { readonly userId: string; readonly pageSize: number },
): Promise<readonly ProductRecord[]> {
  const violations = new ViolationList();
  checkUuidV7(violations, "user_id", input.userId);
  const limit = checkPageSize(violations, "page_size", input.pageSize, DEFAULT_RECOMMENDATIONS, MAX_RECOMMENDATIONS);
  violations.throwIfAny();

  return deps.products.recommend(recKeyOf(input.userId), limit);
}
