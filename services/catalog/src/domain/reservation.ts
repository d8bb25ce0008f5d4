import type { StockLine } from "./stock-lines.js";

export type ReservationStatus = "RESERVED" | "RELEASED";

/** Stock held under a caller-chosen id. `lines` are merged by product, in request order. */
export interface ReservationRecord {
  readonly id: string;
  readonly lines: readonly StockLine[];
  readonly status: ReservationStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A product that could not cover its line of a reservation. */
export interface StockShortage {
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}
