import { checkBatchIds, FieldViolations, matchIds } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import type { Order } from "./domain/order.js";

/** The orders found (in order of first appearance) and the ids with no order (in request order). */
export interface BatchGetOrdersResult {
  readonly orders: readonly Order[];
  readonly missingIds: readonly string[];
}

/** Up to MAX_BATCH_IDS orders in one repository query; duplicates are answered once. */
export async function batchGetOrders(deps: Pick<OrdersDependencies, "orders">, ids: readonly string[]): Promise<BatchGetOrdersResult> {
  const violations = new FieldViolations();
  const distinct = checkBatchIds(violations, "ids", ids);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(distinct, await deps.orders.findByIds(distinct));
  return { orders: found, missingIds };
}
