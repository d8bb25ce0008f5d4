import type { Actor } from "@shop/grpc-runtime";
import { checkBatchIds, FieldViolations, matchIds, parseReadMask, type SelectedFields } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";
import { fieldsToRead, mayAccess } from "./order-access.js";

/** The orders found (in order of first appearance) and the ids with no order (in request order). */
export interface BatchGetOrdersResult extends SelectedFields<OrderField> {
  readonly orders: readonly PartialOrder[];
  readonly missingIds: readonly string[];
}

/**
 * Up to MAX_BATCH_IDS orders in one repository query, read as far as the read mask asks
 * (`readMask` empty: every field); duplicates are answered once. For an end user, other users'
 * orders are reported missing, exactly like ids with no order, so a batch tells nothing about them.
 */
export async function batchGetOrders(
  deps: Pick<OrdersDependencies, "orders">,
  actor: Actor,
  ids: readonly string[],
  readMask: readonly string[],
): Promise<BatchGetOrdersResult> {
  const violations = new FieldViolations();
  const distinct = checkBatchIds(violations, "ids", ids);
  const fields = parseReadMask(readMask, ORDER_FIELDS, violations);
  violations.throwIfAny();

  const read = await deps.orders.findByIds(distinct, fieldsToRead(actor, fields, readMask));
  const { found, missingIds } = matchIds(distinct, read.filter((order) => mayAccess(actor, order)));
  return { orders: found, missingIds, fields };
}
