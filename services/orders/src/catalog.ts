import type { Money } from "./domain/money.js";

/** One product and a quantity of it, as the catalog holds stock. */
export interface CatalogLine {
  readonly productId: string;
  readonly quantity: number;
}

/**
 * What orders needs from the catalog service, in the use cases' terms. `catalog-client.ts`
 * implements it over the typed gRPC client; the catalog's own errors (coded statuses) pass
 * through it unchanged, so e.g. its FAILED_PRECONDITION for short stock reaches the caller as is.
 */
export interface Catalog {
  /** The current unit price of each known product, and the ids the catalog does not know. */
  pricesOf(productIds: readonly string[]): Promise<{ readonly prices: ReadonlyMap<string, Money>; readonly missingIds: readonly string[] }>;
  /**
   * Holds stock for every line under `reservationId`, idempotently by id. `"RELEASED"` when a
   * reservation with that id existed and was released before (nothing is held then).
   */
  reserveStock(reservationId: string, lines: readonly CatalogLine[]): Promise<"RESERVED" | "RELEASED">;
  /** Gives the stock of a reservation back; repeating it changes nothing. */
  releaseStock(reservationId: string): Promise<void>;
}
