import { mayActFor, type Actor } from "@shop/grpc-runtime";
import { FieldViolations, parseReadMask, type FieldSelection } from "@shop/service-host";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";

/**
 * What to read of orders for `actor`: the read mask's `fields`, plus `user_id` when the actor is an
 * end user, since whether they may see an order depends on its owner. The answer still carries
 * only `fields`. `readMask` holds known paths only (its check has passed).
 */
export function fieldsToRead(actor: Actor, fields: FieldSelection<OrderField>, readMask: readonly string[]): FieldSelection<OrderField> {
  if (actor.kind === "privileged" || fields.has("user_id")) return fields;
  return parseReadMask([...readMask, "user_id"], ORDER_FIELDS, new FieldViolations());
}

/** True when `actor` may see or change `order` (read with {@link fieldsToRead}, so its owner is known). */
export function mayAccess(actor: Actor, order: PartialOrder): boolean {
  if (actor.kind === "privileged") return true;
  // An order read without its owner is never shown to an end user.
  return order.userId !== undefined && mayActFor(actor, order.userId);
}
