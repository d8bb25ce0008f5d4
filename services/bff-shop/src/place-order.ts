import { Code, ConnectError } from "@connectrpc/connect";
import type { Order } from "@shop/contracts/orders/v1";
import { notFoundIdsOf, preconditionViolationsOf } from "@shop/grpc-runtime";
import { inputViolationsOf, type BffContext, type InputViolation, type Viewer } from "@shop/bff-kit";
import { inputPath } from "./input-path.js";
import { InvalidInputError } from "./invalid-input-error.js";
import { OutOfStockError } from "./out-of-stock-error.js";

/** What a client asks to order: product ids as the orders contract knows them (UUIDv7). */
export interface PlaceOrderRequest {
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly idempotencyKey: string;
}

/**
 * Places an order for the viewer through OrderService.PlaceOrder and primes the orders loader with
 * it. Refusals come back as the typed errors both BFFs present as mutation results: stock short
 * (FAILED_PRECONDITION of type STOCK) → {@link OutOfStockError} with the product ids; refused input
 * (INVALID_ARGUMENT, another precondition, unknown products) → {@link InvalidInputError} with field
 * paths under the mutation's `input` argument. Anything else (UNAVAILABLE, …) is thrown as it came,
 * for the error masker.
 */
export async function placeOrderFor(ctx: BffContext, viewer: Viewer, request: PlaceOrderRequest): Promise<Order> {
  let order: Order | undefined;
  try {
    ({ order } = await ctx.clients.orders.placeOrder(
      { userId: viewer.userId, lines: [...request.lines], idempotencyKey: request.idempotencyKey },
      ctx.callOptions(),
    ));
  } catch (error) {
    throw error instanceof ConnectError ? refusalOf(error, request) ?? error : error;
  }
  if (!order) throw new ConnectError("PlaceOrder answered without an order", Code.Internal);
  ctx.loaders.orders.prime(order.id, order);
  return order;
}

/** The typed error for a PlaceOrder refusal, or undefined when the error is not about the order. */
function refusalOf(error: ConnectError, request: PlaceOrderRequest): OutOfStockError | InvalidInputError | undefined {
  switch (error.code) {
    case Code.FailedPrecondition: {
      const preconditions = preconditionViolationsOf(error);
      const short = preconditions.filter((v) => v.type === "STOCK").map((v) => productIdOf(v.subject));
      if (short.length > 0) return new OutOfStockError(short);
      return invalid(preconditions.map((v) => ({ field: inputPath(v.subject), description: v.description })), "the order cannot be placed");
    }
    case Code.NotFound: {
      const missing = new Set(notFoundIdsOf(error));
      const found = request.lines.flatMap((line, i) =>
        missing.has(line.productId) ? [{ field: `input.lines[${i}].productId`, description: "no such product" }] : [],
      );
      return invalid(found, "a product does not exist");
    }
    case Code.InvalidArgument:
      return invalid(inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description })), "not valid");
    default:
      return undefined;
  }
}

function invalid(found: InputViolation[], fallback: string): InvalidInputError {
  return new InvalidInputError(found.length > 0 ? found : [{ field: "input", description: fallback }]);
}

/** The product id a precondition subject names ("products/<id>" or the bare id). */
function productIdOf(subject: string): string {
  return subject.slice(subject.lastIndexOf("/") + 1);
}
