import { ConnectError } from "@connectrpc/connect";
import { CurrencyMismatchError } from "./domain/money.js";
import { InvalidTransitionError } from "./domain/order.js";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors.js";
import { failedPrecondition, invalidArgument, notFound } from "@shop/grpc-runtime";

/**
 * The status code of an error thrown by a use case: input problems → INVALID_ARGUMENT with field
 * violations, missing entities → NOT_FOUND, forbidden status moves and other state conflicts →
 * FAILED_PRECONDITION. ConnectErrors (e.g. from catalog) pass through; anything else is left for
 * the server to answer as INTERNAL.
 */
export function toConnectError(error: unknown): unknown {
  if (error instanceof ConnectError) return error;
  if (error instanceof InvalidInputError) return invalidArgument(error.problems, error.message);
  if (error instanceof NotFoundError) return notFound(error.resourceType, error.ids);
  if (error instanceof InvalidTransitionError) {
    return failedPrecondition(
      [{ type: "STATUS", subject: `orders/${error.orderId}`, description: `order is ${error.current}; it cannot become ${error.wanted}` }],
      error.message,
    );
  }
  if (error instanceof ConflictError) {
    return failedPrecondition([{ type: error.type, subject: error.subject, description: error.message }], error.message);
  }
  if (error instanceof CurrencyMismatchError) {
    return failedPrecondition(
      [{ type: "CURRENCY", subject: "lines", description: `products are priced in ${error.left} and ${error.right}; one order takes one currency` }],
      "an order cannot mix currencies",
    );
  }
  return error;
}
