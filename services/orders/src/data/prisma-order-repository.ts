import { EVERY_FIELD, type FieldSelection } from "@shop/service-host";
import { Money } from "../domain/money.js";
import { Order, type OrderStatus } from "../domain/order.js";
import type { OrderField, PartialOrder } from "../domain/partial-order.js";
import { DuplicateIdempotencyKeyError, type ListedOrder, type ListOrdersQuery, type OrderRepository } from "../order-repository.js";
import type { OrderSeedTarget } from "../seed.js";
import { Prisma, type PrismaClient } from "./generated/client.js";
import { partialOrderSelect, toPartialOrder, type OrderColumn, type PartialOrderRow } from "./partial-order-rows.js";

/** Orders per bulk INSERT of the seed (each column is one array parameter). */
const ORDER_CHUNK = 5_000;

const withLines = {
  relationLoadStrategy: "join",
  include: { lines: { orderBy: { position: "asc" } } },
} as const;

type OrderRow = Prisma.OrderGetPayload<{ include: { lines: true } }>;

/** A narrowed read: only the columns of `fields` and `also`, the lines (if any) joined in the same query. */
function narrowedTo(fields: FieldSelection<OrderField>, also: readonly OrderColumn[] = []) {
  return { relationLoadStrategy: "join", select: partialOrderSelect(fields, also) } as const;
}

/**
 * The OrderRepository on the orders database through Prisma. Every read loads orders with their
 * lines in ONE SQL query (a lateral join, Prisma's `relationJoins`), so a batch read of MAX_BATCH_IDS ids is
 * one round trip. A read narrowed by a read mask selects only the columns its fields need, and
 * leaves `order_lines` out of the query altogether when no line field is selected.
 */
export class PrismaOrderRepository implements OrderRepository, OrderSeedTarget {
  constructor(private readonly prisma: PrismaClient) {}

  async findById(id: string): Promise<Order | undefined> {
    const row = await this.prisma.order.findUnique({ where: { id }, ...withLines });
    return row ? toOrder(row) : undefined;
  }

  findByIds(ids: readonly string[]): Promise<Order[]>;
  findByIds(ids: readonly string[], fields: FieldSelection<OrderField>): Promise<PartialOrder[]>;
  async findByIds(ids: readonly string[], fields: FieldSelection<OrderField> = EVERY_FIELD): Promise<PartialOrder[]> {
    if (ids.length === 0) return [];
    const where = { id: { in: [...ids] } };
    if (fields.all) return this.wholeOrders({ where });
    const rows: PartialOrderRow[] = await this.prisma.order.findMany({ where, ...narrowedTo(fields) });
    return rows.map(toPartialOrder);
  }

  async findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | undefined> {
    const row = await this.prisma.order.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      ...withLines,
    });
    return row ? toOrder(row) : undefined;
  }

  async insert(order: Order): Promise<void> {
    const { state } = order;
    try {
      // The order and its lines in one transaction (Prisma's nested write).
      await this.prisma.order.create({
        data: { ...orderRow(order), lines: { createMany: { data: lineRows(order).map(({ orderId: _, ...line }) => line) } } },
        select: { id: true },
      });
    } catch (error) {
      if (state.placement && isIdempotencyKeyClash(error)) {
        throw new DuplicateIdempotencyKeyError(state.userId, state.placement.idempotencyKey);
      }
      throw error;
    }
  }

  async isEmpty(): Promise<boolean> {
    return (await this.prisma.order.findFirst({ select: { id: true } })) === null;
  }

  /**
   * Bulk insert for the seed: one transaction of multi-row INSERTs that take each column as one
   * array parameter (`unnest`), so 20,000 orders are a handful of statements with a few parameters
   * each. Rows whose key exists already are skipped.
   */
  async insertMany(orders: readonly Order[]): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < orders.length; i += ORDER_CHUNK) {
          const chunk = orders.slice(i, i + ORDER_CHUNK);
          const rows = chunk.map(orderRow);
          await tx.$executeRaw`
            INSERT INTO orders (id, user_id, status, currency_code, total_minor, idempotency_key, request_hash, reservation_id, create_time, update_time)
            SELECT r.id::uuid, r.user_id::uuid, r.status::order_status, r.currency_code, r.total_minor::bigint,
                   r.idempotency_key, r.request_hash, r.reservation_id, r.create_time::timestamptz, r.update_time::timestamptz
            FROM unnest(
              ${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.userId)}::text[], ${rows.map((r) => r.status)}::text[],
              ${rows.map((r) => r.currencyCode)}::text[], ${rows.map((r) => String(r.totalMinor))}::text[],
              ${rows.map((r) => r.idempotencyKey ?? null)}::text[], ${rows.map((r) => r.requestHash ?? null)}::text[],
              ${rows.map((r) => r.reservationId ?? null)}::text[],
              ${rows.map((r) => (r.createTime as Date).toISOString())}::text[], ${rows.map((r) => (r.updateTime as Date).toISOString())}::text[]
            ) AS r(id, user_id, status, currency_code, total_minor, idempotency_key, request_hash, reservation_id, create_time, update_time)
            ON CONFLICT DO NOTHING`;
          const lines = chunk.flatMap(lineRows);
          await tx.$executeRaw`
            INSERT INTO order_lines (order_id, position, product_id, quantity, currency_code, unit_price_minor)
            SELECT l.order_id::uuid, l.position::smallint, l.product_id::uuid, l.quantity::integer, l.currency_code, l.unit_price_minor::bigint
            FROM unnest(
              ${lines.map((l) => l.orderId)}::text[], ${lines.map((l) => String(l.position))}::text[],
              ${lines.map((l) => l.productId)}::text[], ${lines.map((l) => String(l.quantity))}::text[],
              ${lines.map((l) => l.currencyCode)}::text[], ${lines.map((l) => String(l.unitPriceMinor))}::text[]
            ) AS l(order_id, position, product_id, quantity, currency_code, unit_price_minor)
            ON CONFLICT DO NOTHING`;
        }
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }

  async updateStatus(order: Order, expected: OrderStatus): Promise<boolean> {
    const { count } = await this.prisma.order.updateMany({
      where: { id: order.id, status: expected },
      data: { status: order.status, updateTime: order.state.updateTime },
    });
    return count === 1;
  }

  list(query: ListOrdersQuery): Promise<Order[]>;
  list(query: ListOrdersQuery, fields: FieldSelection<OrderField>): Promise<ListedOrder[]>;
  async list(query: ListOrdersQuery, fields: FieldSelection<OrderField> = EVERY_FIELD): Promise<ListedOrder[]> {
    const after = query.after;
    const page = {
      where: {
        userId: query.userId,
        ...(query.statuses.length > 0 ? { status: { in: [...query.statuses] } } : {}),
        ...(after
          ? { OR: [{ createTime: { lt: after.createTime } }, { createTime: after.createTime, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createTime: "desc" }, { id: "desc" }],
      take: query.limit,
    } satisfies Prisma.OrderFindManyArgs;
    if (fields.all) return this.wholeOrders(page);
    // The create time is the page cursor, so it is read whatever the mask.
    const rows: (PartialOrderRow & Pick<OrderRow, "createTime">)[] = await this.prisma.order.findMany({
      ...page,
      ...narrowedTo(fields, ["createTime"]),
    });
    return rows.map(toPartialOrder);
  }

  /** Whole aggregates with their lines: what every read returned before read masks, and still does for every field. */
  private async wholeOrders(query: Pick<Prisma.OrderFindManyArgs, "where" | "orderBy" | "take">): Promise<Order[]> {
    return (await this.prisma.order.findMany({ ...query, ...withLines })).map(toOrder);
  }
}

/** True for a unique violation of (user_id, idempotency_key). */
function isIdempotencyKeyClash(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const text = `${error.message} ${JSON.stringify(error.meta ?? {})}`;
  return text.includes("idempotency_key") || text.includes("idempotencyKey");
}

function orderRow(order: Order): Prisma.OrderCreateManyInput {
  const { state } = order;
  return {
    id: state.id,
    userId: state.userId,
    status: state.status,
    currencyCode: order.total.currencyCode,
    totalMinor: order.total.amountMinor,
    idempotencyKey: state.placement?.idempotencyKey ?? null,
    requestHash: state.placement?.requestHash ?? null,
    reservationId: state.placement?.reservationId ?? null,
    createTime: state.createTime,
    updateTime: state.updateTime,
  };
}

function lineRows(order: Order): Prisma.OrderLineCreateManyInput[] {
  return order.lines.map((line, position) => ({
    orderId: order.id,
    position,
    productId: line.productId,
    quantity: line.quantity,
    currencyCode: line.unitPrice.currencyCode,
    unitPriceMinor: line.unitPrice.amountMinor,
  }));
}

function toOrder(row: OrderRow): Order {
  return Order.restore({
    id: row.id,
    userId: row.userId,
    status: row.status,
    createTime: row.createTime,
    updateTime: row.updateTime,
    lines: row.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: Money.of(line.currencyCode, line.unitPriceMinor),
    })),
    placement:
      row.idempotencyKey !== null && row.requestHash !== null && row.reservationId !== null
        ? { idempotencyKey: row.idempotencyKey, requestHash: row.requestHash, reservationId: row.reservationId }
        : undefined,
  });
}
