import { Code, ConnectError } from "@connectrpc/connect";
import type { Order } from "@shop/contracts/orders/v1";
import { notFoundIdsOf, preconditionViolationsOf } from "@shop/grpc-runtime";
import type { BffContext } from "@shop/bff-kit";
import { inputViolationsOf, type InputViolation } from "@shop/bff-kit";
import type { Viewer } from "@shop/bff-kit";

/** What a client asks to order: product ids as the orders contract knows them (UUIDv7). */
export interface PlaceOrderRequest {
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly idempotencyKey: string;
}

/**
 * How a PlaceOrder ended, for a mutation to shape into its typed results. `field` paths of
 * `invalid` are in GraphQL spelling under the mutation's `input` argument ("input.lines[0].quantity").
 */
export type PlaceOrderOutcome =
  | { readonly kind: "placed"; readonly order: Order }
  | { readonly kind: "out-of-stock"; readonly productIds: readonly string[] }
  | { readonly kind: "invalid"; readonly violations: readonly InputViolation[] };

/**
 * Places an order for the viewer through OrderService.PlaceOrder and classifies the answer the way
 * both BFFs present it: stock short (FAILED_PRECONDITION of type STOCK) → out-of-stock with the
 * product ids; refused input (INVALID_ARGUMENT, another precondition, unknown products) → invalid
 * with field paths; anything else (UNAVAILABLE, …) is thrown for the error masker.
 */
export async function placeOrderFor(ctx: BffContext, viewer: Viewer, request: PlaceOrderRequest): Promise<PlaceOrderOutcome> {
  try {
    const { order } = await ctx.clients.orders.placeOrder(
      { userId: viewer.userId, lines: [...request.lines], idempotencyKey: request.idempotencyKey },
      ctx.callOptions(),
    );
    if (!order) throw new ConnectError("PlaceOrder answered without an order", Code.Internal);
    ctx.loaders.orders.prime(order.id, order);
    return { kind: "placed", order };
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    if (error.code === Code.FailedPrecondition) {
      const preconditions = preconditionViolationsOf(error);
      const short = preconditions.filter((v) => v.type === "STOCK").map((v) => productIdOf(v.subject));
      if (short.length > 0) return { kind: "out-of-stock", productIds: short };
      return invalid(preconditions.map((v) => ({ field: inputPath(v.subject), description: v.description })), "the order cannot be placed");
    }
    if (error.code === Code.NotFound) {
      const missing = new Set(notFoundIdsOf(error));
      const found = request.lines.flatMap((line, i) =>
        missing.has(line.productId) ? [{ field: `input.lines[${i}].productId`, description: "no such product" }] : [],
      );
      return invalid(found, "a product does not exist");
    }
    if (error.code === Code.InvalidArgument) {
      return invalid(inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description })), "not valid");
    }
    throw error;
  }
}

function invalid(found: InputViolation[], fallback: string): PlaceOrderOutcome {
  return { kind: "invalid", violations: found.length > 0 ? found : [{ field: "input", description: fallback }] };
}

/** "lines[0].product_id" (service) → "input.lines[0].productId" (the mutation's arguments). */
function inputPath(field: string): string {
  return `input.${field.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}`;
}

/** The product id a precondition subject names ("products/<id>" or the bare id). */
function productIdOf(subject: string): string {
  return subject.slice(subject.lastIndexOf("/") + 1);
}
