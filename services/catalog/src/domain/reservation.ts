import { FailedPreconditionError } from "@shop/service-host";
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

/** Some products cannot cover their lines: one `STOCK` violation per short product (subject = its id). */
export class OutOfStockError extends FailedPreconditionError {
  override readonly name: string = "OutOfStockError";
  constructor(readonly shortages: readonly StockShortage[]) {
    super(
      shortages.map((s) => ({ type: "STOCK", subject: s.productId, description: `requested ${s.requested}, available ${s.available}` })),
      shortages.length === 1 ? `not enough stock for ${shortages[0]!.productId}` : `not enough stock for ${shortages.length} products`,
    );
  }
}
