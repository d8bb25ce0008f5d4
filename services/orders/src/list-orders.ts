import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import {
  checkId,
  checkPageSize,
  FieldViolations,
  pageTokenCodec,
  parseReadMask,
  type PageSizeRule,
  type SelectedFields,
} from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import type { OrderStatus } from "./domain/order.js";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";
import type { OrderCursor } from "./order-repository.js";

/** How many orders a page holds: 20 unless the request asks for 1 to 100. */
export const ORDERS_PAGE_SIZE: PageSizeRule = { fallback: 20, max: 100 };
export const MAX_STATUS_FILTERS = 5;

/** A page request; `statuses` holds undefined for a value that is not a known status. */
export interface ListOrdersInput {
  readonly userId: string;
  readonly statuses: readonly (OrderStatus | undefined)[];
  readonly pageSize: number;
  readonly pageToken: string;
  /** The read mask's paths; empty for every field. */
  readonly readMask: readonly string[];
}

/** One page, newest first, and the token of the next page ("" when this is the last). */
export interface ListOrdersPage extends SelectedFields<OrderField> {
  readonly orders: readonly PartialOrder[];
  readonly nextPageToken: string;
}

/** Page tokens of ListOrders, bound to the user and the status filter. */
const orderPages = pageTokenCodec<OrderCursor>({
  purpose: "orders.ListOrders/v1",
  toJson: (cursor) => [cursor.createTime.getTime(), cursor.id],
  fromJson: (data) =>
    Array.isArray(data) && data.length === 2 && Number.isSafeInteger(data[0]) && data[0] >= 0 && typeof data[1] === "string"
      ? { createTime: new Date(data[0] as number), id: data[1] }
      : undefined,
});

/**
 * A user's orders, newest first (create time, then id, descending), keyset-paginated. Only for
 * that user (or a privileged `actor`): another user's list is PERMISSION_DENIED.
 */
export async function listOrders(deps: Pick<OrdersDependencies, "orders">, actor: Actor, input: ListOrdersInput): Promise<ListOrdersPage> {
  const violations = new FieldViolations();
  checkId(violations, "user_id", input.userId);
  if (input.statuses.length > MAX_STATUS_FILTERS) {
    violations.add("statuses", `must hold at most ${MAX_STATUS_FILTERS} statuses, got ${input.statuses.length}`);
  } else {
    input.statuses.forEach((status, i) => {
      if (status === undefined) violations.add(`statuses[${i}]`, "is not a known order status");
    });
  }
  const limit = checkPageSize(violations, "page_size", input.pageSize, ORDERS_PAGE_SIZE);
  const statuses = [...new Set(input.statuses.filter((s): s is OrderStatus => s !== undefined))].sort();
  const filters = { userId: input.userId, statuses };
  const after = orderPages.read(violations, "page_token", input.pageToken, filters);
  const fields = parseReadMask(input.readMask, ORDER_FIELDS, violations);
  violations.throwIfAny();
  requireActingFor(actor, input.userId);

  const rows = await deps.orders.list({ userId: input.userId, statuses, after, limit: limit + 1 }, fields);
  const orders = rows.slice(0, limit);
  const last = orders[orders.length - 1];
  const nextPageToken = rows.length > limit && last ? orderPages.encode({ createTime: last.createTime, id: last.id }, filters) : "";
  return { orders, nextPageToken, fields };
}
