import { checkBatchIds, FieldViolations, matchIds } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import type { ProductRecord } from "./domain/product.js";

/** The products found, in order of first request, and the ids without a product, in request order. */
export interface BatchGetProductsResult {
  readonly products: readonly ProductRecord[];
  readonly missingIds: readonly string[];
}

/** Up to MAX_BATCH_IDS products in one query; duplicates answered once. */
export async function batchGetProducts(
  deps: Pick<CatalogDependencies, "products">,
  input: { readonly ids: readonly string[] },
): Promise<BatchGetProductsResult> {
  const violations = new FieldViolations();
  const unique = checkBatchIds(violations, "ids", input.ids);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(unique, await deps.products.findByIds(unique));
  return { products: found, missingIds };
}
