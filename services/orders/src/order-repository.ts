import type { FieldSelection } from "@shop/service-host";
import type { Order, OrderStatus } from "./domain/order.js";
import type { OrderField, PartialOrder } from "./domain/partial-order.js";

/** Where a page of a user's orders ends: the last order's create time and id (newest-first order). */
export interface OrderCursor {
  /** Create time of the last order of the page. */
  readonly createTime: Date;
  /** Id of the last order of the page. */
  readonly id: string;
}

/** Thrown by OrderRepository.insert when the user already has an order with that idempotency key. */
export class DuplicateIdempotencyKeyError extends Error {
  override readonly name = "DuplicateIdempotencyKeyError";
  constructor(
    readonly userId: string,
    readonly idempotencyKey: string,
  ) {
    super(`user ${userId} already has an order with idempotency key ${idempotencyKey}`);
  }
}

/** An order of a ListOrders page: its create time is always read, for the page cursor. */
export type ListedOrder = PartialOrder & Pick<Order, "createTime">;

/** One page request of a user's orders, newest first. */
export interface ListOrdersQuery {
  readonly userId: string;
  /** Only these statuses when not empty. */
  readonly statuses: readonly OrderStatus[];
  /** Orders strictly after this cursor (in newest-first order); the first page when absent. */
  readonly after?: OrderCursor | undefined;
  /** How many orders at most. */
  readonly limit: number;
}

/**
 * Where orders are kept. The use cases depend on this; src/data/ implements it with Prisma.
 *
 * The batch and page reads take the fields a read mask selected: with every field they return
 * whole Orders, otherwise PartialOrders read from just the columns those fields need, without
 * touching the lines unless a line field is selected. An implementation may return more fields
 * than selected (the handlers answer only the selected ones), never fewer.
 */
export interface OrderRepository {
  /** The order with this id, if any. */
  findById(id: string): Promise<Order | undefined>;
  /** The orders among these (distinct) ids, in any order; one query. */
  findByIds(ids: readonly string[]): Promise<Order[]>;
  findByIds(ids: readonly string[], fields: FieldSelection<OrderField>): Promise<PartialOrder[]>;
  /** The user's order placed with this idempotency key, if any. */
  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | undefined>;
  /** Stores a new order with its lines, all or nothing; DuplicateIdempotencyKeyError on a key clash. */
  insert(order: Order): Promise<void>;
  /** Stores the new status of `order` only if the stored status is still `expected`; true when it was stored. */
  updateStatus(order: Order, expected: OrderStatus): Promise<boolean>;
  /**
   * A page of the user's orders ordered by create time then id, both descending; the create time
   * always comes along, as the page cursor needs it.
   */
  list(query: ListOrdersQuery): Promise<Order[]>;
  list(query: ListOrdersQuery, fields: FieldSelection<OrderField>): Promise<ListedOrder[]>;
}
