import type {
  CatalogRepositories,
  ProductListQuery,
  ReleaseOutcome,
  ReserveOutcome,
} from "../../src/data/repositories.js";
import type { ProductRecord } from "../../src/domain/product.js";
import { recKeyOf } from "../../src/domain/rec-key.js";
import type { ReservationRecord } from "../../src/domain/reservation.js";
import { lockOrder, type StockLine } from "../../src/domain/stock-lines.js";

/** In-memory repositories with the same contract as the Prisma ones, for route tests without a database. */
export class MemoryCatalog implements CatalogRepositories {
  readonly rows = new Map<string, ProductRecord>();
  readonly stored = new Map<string, ReservationRecord>();
  /** Number of repository calls, to check that a batch read is one call. */
  calls = 0;

  constructor(products: readonly ProductRecord[] = []) {
    for (const p of products) this.rows.set(p.id, p);
  }

  readonly products = {
    findByIds: async (ids: readonly string[]): Promise<ProductRecord[]> => {
      this.calls++;
      return ids.flatMap((id) => this.rows.get(id) ?? []);
    },
    list: async (query: ProductListQuery): Promise<ProductRecord[]> => {
      this.calls++;
      const text = query.text?.toLowerCase();
      return [...this.rows.values()]
        .filter((p) => !query.category || p.category === query.category)
        .filter((p) => !text || p.name.toLowerCase().includes(text) || p.description.toLowerCase().includes(text))
        .filter((p) => !query.after || compare(p, query.after) > 0)
        .sort(compare)
        .slice(0, query.limit);
    },
    recommend: async (startKey: number, limit: number): Promise<ProductRecord[]> => {
      this.calls++;
      const inStock = [...this.rows.values()]
        .filter((p) => p.stock > 0)
        .map((p) => ({ p, key: recKeyOf(p.id) }))
        .sort((a, b) => a.key - b.key || (a.p.id < b.p.id ? -1 : 1));
      const from = inStock.filter((x) => x.key >= startKey);
      const wrapped = inStock.filter((x) => x.key < startKey);
      return [...from, ...wrapped].slice(0, limit).map((x) => x.p);
    },
  };

  readonly reservations = {
    findById: async (id: string): Promise<ReservationRecord | undefined> => this.stored.get(id),
    reserve: async (id: string, lines: readonly StockLine[], now: Date): Promise<ReserveOutcome> => {
      const existing = this.stored.get(id);
      if (existing) return { kind: "existing", reservation: existing };
      const shortages = lockOrder(lines).flatMap((line) => {
        const available = this.rows.get(line.productId)?.stock ?? 0;
        return available >= line.quantity ? [] : [{ productId: line.productId, requested: line.quantity, available }];
      });
      if (shortages.length > 0) return { kind: "short", shortages };
      for (const line of lines) this.adjust(line.productId, -line.quantity, now);
      const reservation: ReservationRecord = { id, lines: [...lines], status: "RESERVED", createdAt: now, updatedAt: now };
      this.stored.set(id, reservation);
      return { kind: "reserved", reservation };
    },
    release: async (id: string, now: Date): Promise<ReleaseOutcome> => {
      const existing = this.stored.get(id);
      if (!existing) return { kind: "missing" };
      if (existing.status === "RELEASED") return { kind: "already-released", reservation: existing };
      for (const line of existing.lines) this.adjust(line.productId, line.quantity, now);
      const released: ReservationRecord = { ...existing, status: "RELEASED", updatedAt: now };
      this.stored.set(id, released);
      return { kind: "released", reservation: released };
    },
  };

  private adjust(productId: string, delta: number, now: Date): void {
    const p = this.rows.get(productId);
    if (p) this.rows.set(productId, { ...p, stock: p.stock + delta, updatedAt: now });
  }
}

function compare(a: { name: string; id: string }, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
