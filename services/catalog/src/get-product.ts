import type { ProductRepository } from "./data/repositories.js";
import type { ProductRecord } from "./domain/product.js";
import { NotFoundError, ViolationList } from "./errors.js";
import { checkUuidV7 } from "./validation.js";

/** One product by id; NotFoundError when there is none. */
export async function getProduct(deps: { readonly products: ProductRepository }, input: { readonly id: string }): Promise<ProductRecord> {
  const violations = new ViolationList();
  checkUuidV7(violations, "id", input.id);
  violations.throwIfAny();

  const [product] = await deps.products.findByIds([input.id]);
  if (!product) throw new NotFoundError("product", [input.id]);
  return product;
}
