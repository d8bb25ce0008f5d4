import type { OrdersDependencies } from "./dependencies.js";
import type { Order } from "./domain/order.js";
import { Problems } from "./errors.js";
import { checkBatchIds } from "./validation.js";

/** The orders found (in order of first appearance) and the ids with no order (in request order). */
export interface BatchGetOrdersResult {
  readonly orders: readonly Order[];
  readonly missingIds: readonly string[];
}

/** Up to 500 orders in one repository query; duplicates are answered once. */
export async function batchGetOrders(deps: Pick<OrdersDependencies, "orders">, ids: readonly string[]): Promise<BatchGetOrdersResult> {
  const problems = new Problems();
  const distinct = checkBatchIds(problems, "ids", ids);
  problems.throwIfAny();
  const found = new Map((await deps.orders.findByIds(distinct)).map((order) => [order.id, order]));
  const orders: Order[] = [];
  const missingIds: string[] = [];
  for (const id of distinct) {
    const order = found.get(id);
    if (order) orders.push(order);
    else missingIds.push(id);
  }
  return { orders, missingIds };
}
