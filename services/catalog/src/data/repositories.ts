import type { FieldSelection } from "@shop/service-host";
import type { PartialProduct, ProductField, ProductRecord } from "../domain/product.js";
import type { ReservationRecord, StockShortage } from "../domain/reservation.js";
import type { StockLine } from "../domain/stock-lines.js";

/** A product of a ListProducts page: its name is always read, for the page cursor. */
export type ListedProduct = PartialProduct & Pick<ProductRecord, "name">;

/** Filters and position of one ListProducts page. */
export interface ProductListQuery {
  /** Only this category when set. */
  readonly category?: string;
  /** Case-insensitive substring of name or description when set; taken literally (no wildcards). */
  readonly text?: string;
  /** Start strictly after this (name, id). */
  readonly after?: { readonly name: string; readonly id: string };
  /** Rows to return. */
  readonly limit: number;
}

/**
 * Reads products. Every method is one SQL query, and reads only the columns of the `fields` it
 * is given (and the id), so a narrow read mask is a narrow SELECT. An implementation may return
 * more fields than selected (the handlers answer only the selected ones), never fewer.
 */
export interface ProductRepository {
  /** The products with these ids that exist, in no particular order; every field by default. */
  findByIds(ids: readonly string[], fields?: FieldSelection<ProductField>): Promise<PartialProduct[]>;
  /** Products ordered by (name, id); the name always comes along, as the page cursor needs it. */
  list(query: ProductListQuery, fields: FieldSelection<ProductField>): Promise<ListedProduct[]>;
  /**
   * Up to `limit` in-stock products ordered by (rec_key, id) starting at `startKey` and wrapping
   * around to the lowest keys.
   */
  recommend(startKey: number, limit: number, fields: FieldSelection<ProductField>): Promise<PartialProduct[]>;
}

/** What ReserveStock did. */
export type ReserveOutcome =
  | { readonly kind: "reserved"; readonly reservation: ReservationRecord }
  /** A reservation with this id already existed; nothing changed. */
  | { readonly kind: "existing"; readonly reservation: ReservationRecord }
  /** Some lines could not be covered; nothing changed. */
  | { readonly kind: "short"; readonly shortages: readonly StockShortage[] };

/** What ReleaseStock did. */
export type ReleaseOutcome =
  | { readonly kind: "released"; readonly reservation: ReservationRecord }
  /** It had been released before; nothing changed. */
  | { readonly kind: "already-released"; readonly reservation: ReservationRecord }
  | { readonly kind: "missing" };

/** Holds and gives back stock, atomically. */
export interface ReservationRepository {
  findById(id: string): Promise<ReservationRecord | undefined>;
  /**
   * In one transaction: records the reservation (its id decides: when it exists, nothing else
   * happens) and takes every line's quantity from stock, or none of them.
   * `lines` are merged (one per product) and every product exists.
   */
  reserve(id: string, lines: readonly StockLine[], now: Date): Promise<ReserveOutcome>;
  /** In one transaction: marks a RESERVED reservation RELEASED and gives its stock back. */
  release(id: string, now: Date): Promise<ReleaseOutcome>;
}

/** Everything the use cases need from storage. */
export interface CatalogRepositories {
  readonly products: ProductRepository;
  readonly reservations: ReservationRepository;
}
