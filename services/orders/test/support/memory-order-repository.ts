import type { Order, OrderStatus } from "../../src/domain/order.js";
import { Order as OrderAggregate } from "../../src/domain/order.js";
import { DuplicateIdempotencyKeyError, type ListOrdersQuery, type OrderRepository } from "../../src/order-repository.js";

/** An OrderRepository in a Map, for use-case and route tests. */
export class MemoryOrderRepository implements OrderRepository {
  readonly rows = new Map<string, Order>();

  async findById(id: string): Promise<Order | undefined> {
    return this.rows.get(id);
  }

  async findByIds(ids: readonly string[]): Promise<Order[]> {
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<Order | undefined> {
    return [...this.rows.values()].find((o) => o.userId === userId && o.state.placement?.idempotencyKey === key);
  }

  async insert(order: Order): Promise<void> {
    const key = order.state.placement?.idempotencyKey;
    // Checked and stored without yielding, like a unique index: concurrent inserts cannot both pass.
    const clash = [...this.rows.values()].some((o) => o.userId === order.userId && o.state.placement?.idempotencyKey === key);
    if (key !== undefined && clash) {
      throw new DuplicateIdempotencyKeyError(order.userId, key);
    }
    this.rows.set(order.id, order);
  }

  async updateStatus(order: Order, expected: OrderStatus): Promise<boolean> {
    const stored = this.rows.get(order.id);
    if (!stored || stored.status !== expected) return false;
    this.rows.set(order.id, OrderAggregate.restore(order.state));
    return true;
  }

  async list(query: ListOrdersQuery): Promise<Order[]> {
    return [...this.rows.values()]
      .filter((o) => o.userId === query.userId && (query.statuses.length === 0 || query.statuses.includes(o.status)))
      .sort(newestFirst)
      .filter((o) => !query.after || newestFirst(o, { state: { createTime: query.after.createTime }, id: query.after.id }) > 0)
      .slice(0, query.limit);
  }
}

function newestFirst(a: Pick<Order, "id"> & { state: { createTime: Date } }, b: Pick<Order, "id"> & { state: { createTime: Date } }): number {
  const byTime = b.state.createTime.getTime() - a.state.createTime.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
