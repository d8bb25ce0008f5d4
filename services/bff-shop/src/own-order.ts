import type { BffContext, Viewer } from "@shop/bff-kit";
import type { Order } from "@shop/contracts/orders/v1";

/**
 * An order of the signed-in user, or null. Another user's order answers exactly like one that does
 * not exist (null), so order ids reveal nothing. Goes through the orders loader (batched). The
 * context type asks for a viewer, so only code behind the `authenticated` scope can call it.
 */
export async function loadOwnOrder(ctx: Pick<BffContext, "loaders"> & { readonly viewer: Viewer }, orderId: string): Promise<Order | null> {
  const order = await ctx.loaders.orders.load(orderId);
  return order && order.userId === ctx.viewer.userId ? order : null;
}
