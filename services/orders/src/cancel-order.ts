import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import { checkId, ConflictError, FieldViolations, NotFoundError } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import type { Order } from "./domain/order.js";

const MAX_ATTEMPTS = 3;

/**
 * Cancels a PLACED or PAID order: releases its stock first, then stores the new status (if the
 * release fails, the order stays as it was and the error passes on). A cancelled order is returned
 * unchanged; any other status is InvalidTransitionError. Seeded demo orders hold no reservation,
 * so cancelling them releases nothing. If the status changes between reading and writing (another
 * request), the cancellation is evaluated again against the new status; when it keeps changing,
 * ConflictError. Only for the order's owner (or a privileged `actor`): another user's order is
 * PERMISSION_DENIED before anything is released or written.
 */
export async function cancelOrder(deps: Pick<OrdersDependencies, "orders" | "catalog" | "now">, actor: Actor, id: string): Promise<Order> {
  const violations = new FieldViolations();
  checkId(violations, "id", id);
  violations.throwIfAny();

  for (let attempt = 1; ; attempt++) {
    const order = await deps.orders.findById(id);
    if (!order) throw new NotFoundError("order", [id]);
    requireActingFor(actor, order.userId);
    if (order.status === "CANCELLED") return order;
    const cancelled = order.transitionTo("CANCELLED", deps.now());
    const reservationId = order.state.placement?.reservationId;
    if (reservationId) await deps.catalog.releaseStock(reservationId);
    if (await deps.orders.updateStatus(cancelled, order.status)) return cancelled;
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictError("order", id, `order ${id} kept changing while it was being cancelled; retry the cancellation`);
    }
  }
}
