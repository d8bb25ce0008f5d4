import type { Order, OrderLine } from "./order.js";

/**
 * What a read may select of an order (its read mask's paths): the contract's field names, and
 * the line fields below `lines`; `lines` alone selects every line field.
 */
export const ORDER_FIELDS = [
  "id",
  "user_id",
  "status",
  "total",
  "create_time",
  "update_time",
  "lines",
  "lines.product_id",
  "lines.quantity",
  "lines.unit_price",
  "lines.line_total",
] as const;

/** One of {@link ORDER_FIELDS}. */
export type OrderField = (typeof ORDER_FIELDS)[number];

/** A line as a read returns it: each field only when the read needed it. */
export type PartialOrderLine = Partial<OrderLine>;

/**
 * An order as a read returns it: the id always, every other field only when the read selected it,
 * since the repository reads just those columns (and no lines at all when no line field is
 * selected). Not an Order: the aggregate needs its lines to stand. Optional rather than
 * defaulted, so a field that was not read can never pass for an empty one; a whole Order is one
 * too, which is what writes and the in-memory repository hand out.
 */
export type PartialOrder = Pick<Order, "id"> &
  Partial<Pick<Order, "userId" | "status" | "total" | "createTime" | "updateTime">> & {
    readonly lines?: readonly PartialOrderLine[];
  };
