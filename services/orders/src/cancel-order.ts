import type { OrdersDependencies } from "./dependencies.js";
import { InvalidTransitionError, type Order } from "./domain/order.js";
import { NotFoundError, Problems } from "./errors.js";
import { checkUuid } from "./validation.js";

const MAX_ATTEMPTS = 3;

/**
 * Cancels a PLACED or PAID order: releases its stock first, then stores the new status (if the
 * release fails, the order stays as it was and the error passes on). A cancelled order is returned
 * unchanged; any other status is InvalidTransitionError. Seeded demo orders hold no reservation,
 * so cancelling them releases nothing. If the status changes between reading and writing (another
 * request), the cancellation is evaluated again against the new status.
 */
export async function cancelOrder(deps: OrdersDependencies, id: string): Promise<Order> {
  const problems = new Problems();
  checkUuid(problems, "id", id);
  problems.throwIfAny();

  for (let attempt = 1; ; attempt++) {
    const order = await deps.orders.findById(id);
    if (!order) throw new NotFoundError("order", [id]);
    if (order.status === "CANCELLED") return order;
    const cancelled = order.transitionTo("CANCELLED", deps.now());
    const reservationId = order.state.placement?.reservationId;
    if (reservationId) await deps.catalog.releaseStock({ reservationId });
    if (await deps.orders.updateStatus(cancelled, order.status)) return cancelled;
    if (attempt >= MAX_ATTEMPTS) throw new InvalidTransitionError(id, order.status, "CANCELLED");
  }
}
