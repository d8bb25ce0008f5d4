import { checkBatchIds, FieldViolations, matchIds, parseReadMask, type SelectedFields } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";

/** The orders found (in order of first appearance) and the ids with no order (in request order). */
export interface BatchGetOrdersResult extends SelectedFields<OrderField> {
  readonly orders: readonly PartialOrder[];
  readonly missingIds: readonly string[];
}

/**
 * Up to MAX_BATCH_IDS orders in one repository query, read as far as the read mask asks
 * (`readMask` empty: every field); duplicates are answered once.
 */
export async function batchGetOrders(
  deps: Pick<OrdersDependencies, "orders">,
  ids: readonly string[],
  readMask: readonly string[],
): Promise<BatchGetOrdersResult> {
  const violations = new FieldViolations();
  const distinct = checkBatchIds(violations, "ids", ids);
  const fields = parseReadMask(readMask, ORDER_FIELDS, violations);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(distinct, await deps.orders.findByIds(distinct, fields));
  return { orders: found, missingIds, fields };
}
