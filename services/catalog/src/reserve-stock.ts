import { checkId, FieldViolations, InvalidInputError, NotFoundError } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import { OutOfStockError, type ReservationRecord } from "./domain/reservation.js";
import { mergeStockLines, sameStockLines, type StockLine } from "./domain/stock-lines.js";
import { checkReservationId } from "./validation.js";

export const MAX_LINES = 100;
export const MAX_QUANTITY = 1000;

export interface ReserveStockInput {
  readonly reservationId: string;
  readonly lines: readonly StockLine[];
}

/**
 * Holds stock for every line or for none, idempotently by reservation id: repeating an id with
 * the same lines returns the stored reservation and changes nothing; with other lines it is an
 * InvalidInputError on `reservation_id`. A reservation that failed for lack of stock stores
 * nothing, so it may be retried.
 */
export async function reserveStock(deps: CatalogDependencies, input: ReserveStockInput): Promise<ReservationRecord> {
  const lines = validate(input);

  const previous = await deps.reservations.findById(input.reservationId);
  if (previous) return sameOrConflict(previous, lines);

  const found = new Set((await deps.products.findByIds(lines.map((l) => l.productId))).map((p) => p.id));
  const unknown = lines.map((l) => l.productId).filter((id) => !found.has(id));
  if (unknown.length > 0) throw new NotFoundError("product", unknown);

  const outcome = await deps.reservations.reserve(input.reservationId, lines, deps.now());
  switch (outcome.kind) {
    case "reserved":
      return outcome.reservation;
    case "existing":
      // Another call with the same id won the insert while this one was on its way.
      return sameOrConflict(outcome.reservation, lines);
    case "short":
      throw new OutOfStockError(outcome.shortages);
  }
}

function validate(input: ReserveStockInput): StockLine[] {
  const violations = new FieldViolations();
  checkReservationId(violations, "reservation_id", input.reservationId);
  if (input.lines.length === 0) violations.add("lines", "at least one line is required");
  else if (input.lines.length > MAX_LINES) violations.add("lines", `at most ${MAX_LINES} lines, got ${input.lines.length}`);
  else {
    input.lines.forEach((line, i) => {
      checkId(violations, `lines[${i}].product_id`, line.productId);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
        violations.add(`lines[${i}].quantity`, `must be between 1 and ${MAX_QUANTITY}`);
      }
    });
  }
  violations.throwIfAny();

  const merged = mergeStockLines(input.lines);
  for (const line of merged) {
    if (line.quantity > MAX_QUANTITY) {
      const i = input.lines.findIndex((l) => l.productId === line.productId);
      violations.add(`lines[${i}].quantity`, `lines for one product add up to more than ${MAX_QUANTITY}`);
    }
  }
  violations.throwIfAny();
  return merged;
}

function sameOrConflict(existing: ReservationRecord, lines: readonly StockLine[]): ReservationRecord {
  if (sameStockLines(existing.lines, lines)) return existing;
  throw new InvalidInputError(
    [{ field: "reservation_id", description: "was already used for a reservation with different lines" }],
    "reservation id reused with different lines",
  );
}
