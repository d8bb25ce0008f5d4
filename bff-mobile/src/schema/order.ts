import { codedError, primeLoader } from "@shop/bff-kit";
import { loadOwnOrder } from "@shop/bff-shop";
import { OrderStatus, type Order, type OrderLine } from "@shop/contracts/orders/v1";
import { builder } from "../builder.js";
import { displayMoney, isoDate } from "../format.js";
import { isRecordId } from "@shop/bff-kit";
import { pageSize, pageToken } from "../paging.js";
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

const OrderLineRef = builder.objectRef<OrderLine>("OrderLine").implement({
  description: "One product of an order, priced when the order was placed.",
  fields: (t) => ({
    quantity: t.exposeInt("quantity"),
    unitPrice: t.string({ resolve: (line) => displayMoney(line.unitPrice) }),
    lineTotal: t.string({ resolve: (line) => displayMoney(line.lineTotal) }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: "The catalog product (batched over the whole response); null when it is gone.",
      resolve: (line) => line.productId,
    }),
  }),
});

/** An order of the signed-in user, slim: display strings and an ISO date. */
export const OrderRef = builder.objectRef<Order>("Order").implement({
  description: "An order of the signed-in user.",
  fields: (t) => ({
    id: t.exposeID("id"),
    date: t.string({
      description: "When the order was placed, ISO-8601 in UTC.",
      resolve: (order) => isoDate(order.createTime),
    }),
    total: t.string({ description: 'Formatted total, e.g. "$42.00".', resolve: (order) => displayMoney(order.total) }),
    status: t.field({
      type: OrderStatusRef,
      // An unknown future status is reported as PLACED rather than failing the whole order.
      resolve: (order) => (order.status === OrderStatus.UNSPECIFIED ? OrderStatus.PLACED : order.status),
    }),
    itemCount: t.int({
      description: "Units in the order (sum of line quantities).",
      resolve: (order) => order.lines.reduce((sum, line) => sum + line.quantity, 0),
    }),
    lines: t.field({ type: [OrderLineRef], resolve: (order) => order.lines }),
  }),
});

/** One page of the viewer's orders. */
interface OrderPage {
  readonly nodes: readonly Order[];
  readonly nextPageToken: string;
}

const OrderConnectionRef = builder.objectRef<OrderPage>("OrderConnection").implement({
  description: "A page of the viewer's orders, newest first; pass endCursor as `after` for the next one.",
  fields: (t) => ({
    nodes: t.field({ type: [OrderRef], resolve: (page) => page.nodes }),
    endCursor: t.string({ nullable: true, resolve: (page) => page.nextPageToken || null }),
    hasNextPage: t.boolean({ resolve: (page) => page.nextPageToken !== "" }),
  }),
});

/** Default and largest page of the order list. */
export const ORDER_PAGE = { default: 10, max: 50 } as const;

builder.queryFields((t) => ({
  orders: t.withAuth({ authenticated: true }).field({
    type: OrderConnectionRef,
    nullable: true,
    description: "The signed-in user's orders, newest first. Requires a token.",
    args: {
      first: t.arg.int({ description: `Page size, 1 to ${ORDER_PAGE.max}; default ${ORDER_PAGE.default}.` }),
      after: t.arg.string(),
      status: t.arg({ type: OrderStatusRef }),
    },
    resolve: async (_root, args, ctx) => {
      const response = await ctx.clients.orders.listOrders(
        {
          userId: ctx.viewer.userId,
          statuses: args.status === null || args.status === undefined ? [] : [args.status],
          pageSize: pageSize("first", args.first, ORDER_PAGE.default, ORDER_PAGE.max),
          pageToken: pageToken(args.after),
          ...ctx.readMasks.request("order"),
        },
        ctx.callOptions(),
      );
      primeLoader(ctx.loaders.orders, response.orders, ctx.readMasks.of("order"));
      return { nodes: response.orders, nextPageToken: response.nextPageToken };
    },
  }),
  order: t.withAuth({ authenticated: true }).field({
    type: OrderRef,
    nullable: true,
    description: "One of the signed-in user's orders; null when there is none with this id for this user.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const id = String(args.id);
      return isRecordId(id) ? loadOwnOrder(ctx, id) : null;
    },
  }),
}));

builder.mutationFields((t) => ({
  cancelOrder: t.withAuth({ authenticated: true }).field({
    type: OrderRef,
    nullable: true,
    description:
      "Cancels one of the signed-in user's orders (PLACED or PAID). Another user's order answers " +
      "NOT_FOUND, exactly like an order that does not exist.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      const own = isRecordId(id) ? await loadOwnOrder(ctx, id) : null;
      if (!own) throw codedError("NOT_FOUND", { message: "No such order." });
      const { order } = await ctx.clients.orders.cancelOrder({ id }, ctx.callOptions());
      return order ?? null;
    },
  }),
}));
