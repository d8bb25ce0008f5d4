import type { OrdersDependencies } from "./dependencies.js";
import type { Order, OrderStatus } from "./domain/order.js";
import { Problems } from "./errors.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { checkPageSize, checkUuid } from "./validation.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_STATUS_FILTERS = 5;

/** A page request; `statuses` holds undefined for a value that is not a known status. */
export interface ListOrdersInput {
  readonly userId: string;
  readonly statuses: readonly (OrderStatus | undefined)[];
  readonly pageSize: number;
  readonly pageToken: string;
}

/** One page, newest first, and the token of the next page ("" when this is the last). */
export interface ListOrdersPage {
  readonly orders: readonly Order[];
  readonly nextPageToken: string;
}

/** A user's orders, newest first (create time, then id, descending), keyset-paginated. */
export async function listOrders(deps: Pick<OrdersDependencies, "orders">, input: ListOrdersInput): Promise<ListOrdersPage> {
  const problems = new Problems();
  checkUuid(problems, "user_id", input.userId);
  if (input.statuses.length > MAX_STATUS_FILTERS) problems.add("statuses", `at most ${MAX_STATUS_FILTERS} statuses`);
  input.statuses.forEach((status, i) => {
    if (status === undefined) problems.add(`statuses[${i}]`, "not a known order status");
  });
  const limit = checkPageSize(problems, "page_size", input.pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const statuses = [...new Set(input.statuses.filter((s): s is OrderStatus => s !== undefined))].sort();
  const filters = `${input.userId}|${statuses.join(",")}`;
  const cursor = input.pageToken === "" ? undefined : decodePageToken(input.pageToken, filters);
  if (cursor && "error" in cursor) problems.add("page_token", cursor.error);
  problems.throwIfAny();

  const rows = await deps.orders.list({
    userId: input.userId,
    statuses,
    after: cursor && !("error" in cursor) ? cursor : undefined,
    limit: limit + 1,
  });
  const orders = rows.slice(0, limit);
  const last = orders[orders.length - 1];
  const nextPageToken = rows.length > limit && last ? encodePageToken({ createTime: last.state.createTime, id: last.id }, filters) : "";
  return { orders, nextPageToken };
}
