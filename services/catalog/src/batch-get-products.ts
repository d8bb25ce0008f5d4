import type { ProductRepository } from "./data/repositories.js";
import type { ProductRecord } from "./domain/product.js";
import { ViolationList } from "./errors.js";
import { MAX_BATCH_IDS, checkUuidV7 } from "./validation.js";

/** The products found, in order of first request, and the ids without a product, in request order. */
export interface BatchGetProductsResult {
  readonly products: readonly ProductRecord[];
  readonly missingIds: readonly string[];
}

/** Up to 500 products in one query; duplicates answered once. */
export async function batchGetProducts(
  deps: { readonly products: ProductRepository },
  input: { readonly ids: readonly string[] },
): Promise<BatchGetProductsResult> {
  const violations = new ViolationList();
  if (input.ids.length === 0) violations.add("ids", "at least one id is required");
  if (input.ids.length > MAX_BATCH_IDS) violations.add("ids", `at most ${MAX_BATCH_IDS} ids are allowed`);
  else input.ids.forEach((id, i) => checkUuidV7(violations, `ids[${i}]`, id));
  violations.throwIfAny();

  const unique = [...new Set(input.ids)];
  const found = new Map((await deps.products.findByIds(unique)).map((p) => [p.id, p]));
  const products: ProductRecord[] = [];
  const missingIds: string[] = [];
  for (const id of unique) {
    const product = found.get(id);
    if (product) products.push(product);
    else missingIds.push(id);
  }
  return { products, missingIds };
}
