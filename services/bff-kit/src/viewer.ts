import type { Order } from "@shop/contracts/orders/v1";
import type { BffContext } from "./context.js";
import { codedError } from "./error-mapping.js";
import type { Viewer } from "./tokens.js";

/**
 * The signed-in user, or a clear UNAUTHENTICATED error for the field that needs one (missing,
 * malformed, expired or forged token). Public fields never call this, so they keep working.
 */
export function requireViewer(ctx: Pick<BffContext, "auth" | "viewer">): Viewer {
  if (ctx.viewer) return ctx.viewer;
  const reason = ctx.auth.kind === "rejected" ? ctx.auth.problem : "missing";
  const message =
    reason === "missing"
      ? "Sign-in required: send 'Authorization: Bearer <token>' (get one from the login mutation)."
      : reason === "expired"
        ? "The token has expired: log in again."
        : "The token is not valid: log in again.";
  throw codedError("UNAUTHENTICATED", { message, extensions: { reason } });
}

/**
 * An order of the signed-in user, or null. Another user's order answers exactly like one that does
 * not exist (null), so order ids reveal nothing. Goes through the orders loader (batched).
 */
export async function loadOwnOrder(ctx: BffContext, orderId: string): Promise<Order | null> {
  const viewer = requireViewer(ctx);
  const order = await ctx.loaders.orders.load(orderId);
  return order && order.userId === viewer.userId ? order : null;
}
