import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import { readById, type ReadByIdRequest, type SelectedFields } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import { ORDER_FIELDS, type OrderField, type PartialOrder } from "./domain/partial-order.js";
import { fieldsToRead, mayAccess } from "./order-access.js";

/**
 * One order by id, read as far as its read mask asks; NotFoundError when there is none,
 * PERMISSION_DENIED when it belongs to a user other than `actor`.
 */
export async function getOrder(
  deps: Pick<OrdersDependencies, "orders">,
  actor: Actor,
  request: ReadByIdRequest,
): Promise<{ readonly record: PartialOrder } & SelectedFields<OrderField>> {
  const read = await readById({ type: "order", fields: ORDER_FIELDS }, request, (ids, fields) =>
    deps.orders.findByIds(ids, fieldsToRead(actor, fields, request.readMask)),
  );
  // Not theirs: the owner check answers PERMISSION_DENIED (it is never the actor's own id here).
  if (!mayAccess(actor, read.record)) requireActingFor(actor, read.record.userId ?? "");
  return read;
}
