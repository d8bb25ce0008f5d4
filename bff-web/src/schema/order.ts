import { timestampDate } from "@bufbuild/protobuf/wkt";
import { codedError, loadOwnOrder, requireViewer, type BffContext } from "@shop/bff-kit";
import { OrderStatus as OrderStatusValue, type Order as OrderMessage, type OrderLine as OrderLineMessage } from "@shop/contracts/orders/v1";
import { builder } from "../builder.js";
import { DateTime } from "./date-time.js";
import { localIdOf } from "./ids.js";
import { Money } from "./money.js";
import { Product } from "./product.js";

/** Where an order is in its life. */
export const OrderStatus = builder.enumType("OrderStatus", {
  values: {
    PLACED: { value: OrderStatusValue.PLACED },
    PAID: { value: OrderStatusValue.PAID },
    SHIPPED: { value: OrderStatusValue.SHIPPED },
    DELIVERED: { value: OrderStatusValue.DELIVERED },
    CANCELLED: { value: OrderStatusValue.CANCELLED },
  } as const,
});

/** Orders by id through OrderService.BatchGetOrders; only the viewer's own are ever visible. */
async function loadOwnOrders(ids: string[], ctx: BffContext): Promise<(OrderMessage | null | Error)[]> {
  const viewer = requireViewer(ctx);
  const orders = await ctx.loaders.orders.loadMany(ids);
  return orders.map((order) => (order instanceof Error || order === null || order.userId === viewer.userId ? order : null));
}

export const Order = builder.loadableNodeRef("Order", {
  id: { resolve: (order: OrderMessage) => order.id },
  load: (ids: string[], ctx) => loadOwnOrders(ids, ctx) as Promise<(OrderMessage | Error)[]>,
});

export const OrderLine = builder.objectRef<OrderLineMessage>("OrderLine").implement({
  description: "One product of an order, priced when the order was placed.",
  fields: (t) => ({
    product: t.field({
      type: Product,
      nullable: true,
      description: "The product as the catalog has it now (batched across the whole response).",
      resolve: (line) => line.productId,
    }),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: Money, nullable: true, resolve: (line) => line.unitPrice ?? null }),
    lineTotal: t.field({ type: Money, nullable: true, resolve: (line) => line.lineTotal ?? null }),
  }),
});

Order.implement({
  description: "An order of the signed-in user.",
  fields: (t) => ({
    createdAt: t.field({ type: DateTime, resolve: (o) => (o.createTime ? timestampDate(o.createTime) : new Date(0)) }),
    status: t.field({ type: OrderStatus, resolve: (o) => o.status as Exclude<OrderStatusValue, OrderStatusValue.UNSPECIFIED> }),
    total: t.field({ type: Money, nullable: true, resolve: (o) => o.total ?? null }),
    itemCount: t.int({ description: "Units over all lines.", resolve: (o) => o.lines.reduce((n, l) => n + l.quantity, 0) }),
    lines: t.field({ type: [OrderLine], resolve: (o) => o.lines }),
  }),
});

builder.mutationFields((t) => ({
  cancelOrder: t.field({
    type: Order,
    nullable: true,
    description: "Cancels a placed or paid order of the signed-in user. NOT_FOUND for any other id.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      requireViewer(ctx);
      const orderId = localIdOf(String(args.id), "Order");
      const order = orderId ? await loadOwnOrder(ctx, orderId) : null;
      if (!order) throw codedError("NOT_FOUND", { message: "No such order." });
      const cancelled = (await ctx.clients.orders.cancelOrder({ id: order.id }, ctx.callOptions())).order;
      if (cancelled) ctx.loaders.orders.clear(order.id).prime(order.id, cancelled);
      return cancelled ?? null;
    },
  }),
}));
