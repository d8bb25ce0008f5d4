import { FieldViolations, NotFoundError } from "@shop/service-host";
import type { CatalogDependencies } from "./dependencies.js";
import type { ReservationRecord } from "./domain/reservation.js";
import { checkReservationId } from "./validation.js";

/** Gives a reservation's stock back once; repeating it changes nothing. NotFoundError for an unknown id. */
export async function releaseStock(
  deps: Pick<CatalogDependencies, "reservations" | "now">,
  input: { readonly reservationId: string },
): Promise<ReservationRecord> {
  const violations = new FieldViolations();
  checkReservationId(violations, "reservation_id", input.reservationId);
  violations.throwIfAny();

  const outcome = await deps.reservations.release(input.reservationId, deps.now());
  if (outcome.kind === "missing") throw new NotFoundError("reservation", [input.reservationId]);
  return outcome.reservation;
}
