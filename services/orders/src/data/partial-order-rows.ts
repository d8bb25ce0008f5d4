import { selectColumns, type FieldSelection } from "@shop/service-host";
import { Money } from "../domain/money.js";
import type { OrderField, PartialOrder } from "../domain/partial-order.js";
import type { Order as OrderModel, OrderLine as OrderLineModel, Prisma } from "./generated/client.js";

/** An `orders` column a narrowed read may return. */
export type OrderColumn = Exclude<keyof OrderModel, "idempotencyKey" | "requestHash" | "reservationId">;
/** An `order_lines` column a narrowed read may return. */
type LineColumn = Exclude<keyof OrderLineModel, "orderId" | "position">;

/** The `orders` columns behind each order field a read may select (the id is always read). */
const ORDER_COLUMNS_OF: Readonly<Partial<Record<OrderField, readonly OrderColumn[]>>> = {
  user_id: ["userId"],
  status: ["status"],
  // The total stored with the order: reading it needs no lines.
  total: ["currencyCode", "totalMinor"],
  create_time: ["createTime"],
  update_time: ["updateTime"],
};

/** The `order_lines` columns behind each line field (`lines` selects them all, through the paths below it). */
const LINE_COLUMNS_OF: Readonly<Partial<Record<OrderField, readonly LineColumn[]>>> = {
  "lines.product_id": ["productId"],
  "lines.quantity": ["quantity"],
  "lines.unit_price": ["currencyCode", "unitPriceMinor"],
  "lines.line_total": ["quantity", "currencyCode", "unitPriceMinor"],
};

/**
 * An order row as a narrowed read returns it: the id and whichever columns were selected, the
 * lines only when a line field was. Prisma types the result of a `select` built at run time as if
 * every column came back; reads assign it to this type instead, so no code can use a column that
 * was not read.
 */
export type PartialOrderRow = Pick<OrderModel, "id"> &
  Partial<Pick<OrderModel, OrderColumn>> & { readonly lines?: readonly Partial<Pick<OrderLineModel, LineColumn>>[] };

/**
 * The Prisma `select` of a narrowed read: the id, the columns of the selected `fields`, `also`
 * (what paging needs) and, only when a line field is selected, the lines in their order, which
 * the read's `relationLoadStrategy: "join"` fetches in the same query.
 */
export function partialOrderSelect(fields: FieldSelection<OrderField>, also: readonly OrderColumn[] = []): Prisma.OrderSelect {
  const select: Prisma.OrderSelect = selectColumns(fields, ORDER_COLUMNS_OF, ["id", ...also]);
  if (fields.touches("lines")) select.lines = { select: selectColumns(fields, LINE_COLUMNS_OF), orderBy: { position: "asc" } };
  return select;
}

/** A narrowed read's row as the domain sees it: amounts as Money, the fields that were not read undefined. */
export function toPartialOrder<Row extends PartialOrderRow>(row: Row): PartialOrder & Pick<Row, "createTime"> {
  return {
    id: row.id,
    userId: row.userId,
    status: row.status,
    total: moneyOf(row.currencyCode, row.totalMinor),
    createTime: row.createTime,
    updateTime: row.updateTime,
    lines: row.lines?.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: moneyOf(line.currencyCode, line.unitPriceMinor),
    })),
  };
}

/** Money when both of its columns were read. */
function moneyOf(currencyCode: string | undefined, amountMinor: bigint | undefined): Money | undefined {
  return currencyCode === undefined || amountMinor === undefined ? undefined : Money.of(currencyCode, amountMinor);
}
