import { checkId, FieldViolations, NotFoundError } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import type { Order } from "./domain/order.js";

/** One order by id; NotFoundError when there is none. */
export async function getOrder(deps: Pick<OrdersDependencies, "orders">, id: string): Promise<Order> {
  const violations = new FieldViolations();
  checkId(violations, "id", id);
  violations.throwIfAny();

  const order = await deps.orders.findById(id);
  if (!order) throw new NotFoundError("order", [id]);
  return order;
}
