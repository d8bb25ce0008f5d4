import { readById, type ReadByIdRequest, type SelectedFields } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import { PRODUCT_FIELDS, type PartialProduct, type ProductField } from "./domain/product.js";

/** One product by id, read as far as its read mask asks; NotFoundError when there is none. */
export function getProduct(
  deps: Pick<CatalogDependencies, "products">,
  request: ReadByIdRequest,
): Promise<{ readonly record: PartialProduct } & SelectedFields<ProductField>> {
  return readById({ type: "product", fields: PRODUCT_FIELDS }, request, (ids, fields) => deps.products.findByIds(ids, fields));
}
