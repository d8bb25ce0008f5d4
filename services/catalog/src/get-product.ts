import { checkId, FieldViolations, NotFoundError } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import type { ProductRecord } from "./domain/product.js";

/** One product by id; NotFoundError when there is none. */
export async function getProduct(deps: Pick<CatalogDependencies, "products">, input: { readonly id: string }): Promise<ProductRecord> {
  const violations = new FieldViolations();
  checkId(violations, "id", input.id);
  violations.throwIfAny();

  const [product] = await deps.products.findByIds([input.id]);
  if (!product) throw new NotFoundError("product", [input.id]);
  return product;
}
