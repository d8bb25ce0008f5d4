import type { OrdersDependencies } from "./dependencies.js";
import type { Order } from "./domain/order.js";
import { NotFoundError, Problems } from "./errors.js";
import { checkUuid } from "./validation.js";

/** One order by id; NotFoundError when there is none. */
export async function getOrder(deps: Pick<OrdersDependencies, "orders">, id: string): Promise<Order> {
  const problems = new Problems();
  checkUuid(problems, "id", id);
  problems.throwIfAny();
  const order = await deps.orders.findById(id);
  if (!order) throw new NotFoundError("order", [id]);
  return order;
}
