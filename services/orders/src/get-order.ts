import { readById, type ReadByIdRequest, type SelectedFields } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";

/** One order by id, read as far as its read mask asks; NotFoundError when there is none. */
export function getOrder(
  deps: Pick<OrdersDependencies, "orders">,
  request: ReadByIdRequest,
): Promise<{ readonly record: PartialOrder } & SelectedFields<OrderField>> {
  return readById({ type: "order", fields: ORDER_FIELDS }, request, (ids, fields) => deps.orders.findByIds(ids, fields));
}
