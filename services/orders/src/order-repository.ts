import type { Order, OrderStatus } from "./domain/order.js";

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

/** Where orders are kept. The use cases depend on this; src/data/ implements it with Prisma. */
export interface OrderRepository {
  /** The order with this id, if any. */
  findById(id: string): Promise<Order | undefined>;
  /** The orders among these (distinct) ids, in any order; one query. */
  findByIds(ids: readonly string[]): Promise<Order[]>;
  /** The user's order placed with this idempotency key, if any. */
  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | undefined>;
  /** Stores a new order with its lines, all or nothing; DuplicateIdempotencyKeyError on a key clash. */
  insert(order: Order): Promise<void>;
  /** Stores the new status of `order` only if the stored status is still `expected`; true when it was stored. */
  updateStatus(order: Order, expected: OrderStatus): Promise<boolean>;
  /** A page of the user's orders ordered by create time then id, both descending. */
  list(query: ListOrdersQuery): Promise<Order[]>;
}
