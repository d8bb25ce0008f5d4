import { timestampDate } from "@bufbuild/protobuf/wkt";
import { codedError, requireViewer, type BffContext } from "@shop/bff-kit";
import { loadOwnOrder } from "@shop/bff-shop";
import { OrderStatus, type Order, type OrderLine } from "@shop/contracts/orders/v1";
import { builder } from "../builder.js";
import { localIdOf } from "../ids.js";
import { DateTimeRef } from "./date-time.js";
import { MoneyRef } from "./money.js";
import { ProductRef } from "./product.js";

/** Where an order is in its life. */
export const OrderStatusRef = builder.enumType("OrderStatus", {
  values: {
    PLACED: { value: OrderStatus.PLACED },
    PAID: { value: OrderStatus.PAID },
    SHIPPED: { value: OrderStatus.SHIPPED },
    DELIVERED: { value: OrderStatus.DELIVERED },
    CANCELLED: { value: OrderStatus.CANCELLED },
  } as const,
});

/**
 * Orders by id through OrderService.BatchGetOrders; only the viewer's own are ever visible. `node`
 * is public, so this load (not a field scope) is what asks for a viewer.
 */
async function loadOwnOrders(ids: string[], ctx: BffContext): Promise<(Order | null | Error)[]> {
  const viewer = requireViewer(ctx);
  const orders = await ctx.loaders.orders.loadMany(ids);
  return orders.map((order) => (order instanceof Error || order === null || order.userId === viewer.userId ? order : null));
}

export const OrderRef = builder.loadableNodeRef("Order", {
  id: { resolve: (order: Order) => order.id },
  load: (ids: string[], ctx) => loadOwnOrders(ids, ctx) as Promise<(Order | Error)[]>,
});

const OrderLineRef = builder.objectRef<OrderLine>("OrderLine").implement({
  description: "One product of an order, priced when the order was placed.",
  fields: (t) => ({
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: "The product as the catalog has it now (batched across the whole response).",
      resolve: (line) => line.productId,
    }),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: MoneyRef, nullable: true, resolve: (line) => line.unitPrice ?? null }),
    lineTotal: t.field({ type: MoneyRef, nullable: true, resolve: (line) => line.lineTotal ?? null }),
  }),
});

OrderRef.implement({
  description: "An order of the signed-in user.",
  fields: (t) => ({
    createdAt: t.field({ type: DateTimeRef, resolve: (o) => (o.createTime ? timestampDate(o.createTime) : new Date(0)) }),
    status: t.field({ type: OrderStatusRef, resolve: (o) => o.status as Exclude<OrderStatus, OrderStatus.UNSPECIFIED> }),
    total: t.field({ type: MoneyRef, nullable: true, resolve: (o) => o.total ?? null }),
    itemCount: t.int({ description: "Units over all lines.", resolve: (o) => o.lines.reduce((n, l) => n + l.quantity, 0) }),
    lines: t.field({ type: [OrderLineRef], resolve: (o) => o.lines }),
  }),
});

builder.mutationFields((t) => ({
  cancelOrder: t.withAuth({ authenticated: true }).field({
    type: OrderRef,
    nullable: true,
    description: "Cancels a placed or paid order of the signed-in user. NOT_FOUND for any other id.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const orderId = localIdOf(String(args.id), "Order");
      const order = orderId ? await loadOwnOrder(ctx, orderId) : null;
      if (!order) throw codedError("NOT_FOUND", { message: "No such order." });
      const cancelled = (await ctx.clients.orders.cancelOrder({ id: order.id }, ctx.callOptions())).order;
      if (cancelled) ctx.loaders.orders.clear(order.id).prime(order.id, cancelled);
      return cancelled ?? null;
    },
  }),
}));
