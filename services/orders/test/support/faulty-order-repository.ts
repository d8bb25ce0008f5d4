import { EVERY_FIELD, type FieldSelection } from "@shop/service-host";
import type { Order, OrderStatus } from "../../src/domain/order.js";
import type { OrderField, PartialOrder } from "../../src/domain/partial-order.js";
import type { ListedOrder, ListOrdersQuery, OrderRepository } from "../../src/order-repository.js";

/** Wraps any OrderRepository with fault injection and a count of inserts. */
export class FaultyOrderRepository implements OrderRepository {
  /** Thrown by the next insert (once), after the order reached no storage. */
  failNextInsert: Error | undefined;
  /** Awaited by the next insert before it stores anything, to interleave a competing request. */
  beforeInsert: (() => Promise<void>) | undefined;
  /** Inserts attempted. */
  inserts = 0;

  constructor(private readonly inner: OrderRepository) {}

  /** Clears pending faults and the insert count. */
  reset(): void {
    this.failNextInsert = undefined;
    this.beforeInsert = undefined;
    this.inserts = 0;
  }

  findById(id: string): Promise<Order | undefined> {
    return this.inner.findById(id);
  }
  findByIds(ids: readonly string[]): Promise<Order[]>;
  findByIds(ids: readonly string[], fields: FieldSelection<OrderField>): Promise<PartialOrder[]>;
  findByIds(ids: readonly string[], fields: FieldSelection<OrderField> = EVERY_FIELD): Promise<PartialOrder[]> {
    return this.inner.findByIds(ids, fields);
  }
  findByIdempotencyKey(userId: string, key: string): Promise<Order | undefined> {
    return this.inner.findByIdempotencyKey(userId, key);
  }
  async insert(order: Order): Promise<void> {
    this.inserts++;
    const hook = this.beforeInsert;
    this.beforeInsert = undefined;
    if (hook) await hook();
    const failure = this.failNextInsert;
    this.failNextInsert = undefined;
    if (failure) throw failure;
    return this.inner.insert(order);
  }
  updateStatus(order: Order, expected: OrderStatus): Promise<boolean> {
    return this.inner.updateStatus(order, expected);
  }
  list(query: ListOrdersQuery): Promise<Order[]>;
  list(query: ListOrdersQuery, fields: FieldSelection<OrderField>): Promise<ListedOrder[]>;
  list(query: ListOrdersQuery, fields: FieldSelection<OrderField> = EVERY_FIELD): Promise<ListedOrder[]> {
    return this.inner.list(query, fields);
  }
}
