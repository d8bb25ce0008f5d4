import { checkBatchIds, FieldViolations, matchIds, parseReadMask, type SelectedFields } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import { PRODUCT_FIELDS, type PartialProduct, type ProductField } from "./domain/product.js";

/** The products found, in order of first request, and the ids without a product, in request order. */
export interface BatchGetProductsResult extends SelectedFields<ProductField> {
  readonly products: readonly PartialProduct[];
  readonly missingIds: readonly string[];
}

/** Up to MAX_BATCH_IDS products in one query, read as far as the read mask asks; duplicates answered once. */
export async function batchGetProducts(
  deps: Pick<CatalogDependencies, "products">,
  input: { readonly ids: readonly string[]; readonly readMask: readonly string[] },
): Promise<BatchGetProductsResult> {
  const violations = new FieldViolations();
  const unique = checkBatchIds(violations, "ids", input.ids);
  const fields = parseReadMask(input.readMask, PRODUCT_FIELDS, violations);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(unique, await deps.products.findByIds(unique, fields));
  return { products: found, missingIds, fields };
}
