import type { ReservationRepository } from "./data/repositories.js";
import type { ReservationRecord } from "./domain/reservation.js";
import { NotFoundError, ViolationList } from "./errors.js";
import { checkReservationId } from "./validation.js";

/** Gives a reservation's stock back once; repeating it changes nothing. NotFoundError for an unknown id. */
export async function releaseStock(
  deps: { readonly reservations: ReservationRepository; readonly now: () => Date },
  input: { readonly reservationId: string },
): Promise<ReservationRecord> {
  const violations = new ViolationList();
  checkReservationId(violations, "reservation_id", input.reservationId);
  violations.throwIfAny();

  const outcome = await deps.reservations.release(input.reservationId, deps.now());
  if (outcome.kind === "missing") throw new NotFoundError("reservation", [input.reservationId]);
  return outcome.reservation;
}
