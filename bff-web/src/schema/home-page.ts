import { primeLoader } from "@shop/bff-kit";
import { builder } from "../builder.js";
import { OrderRef } from "./order.js";
import { ProductRef } from "./product.js";
import { UserRef } from "./user.js";

/**
 * The web home page in one query: one RPC per service per level of the query tree, whatever the
 * numbers of orders, lines and products (the table is in the README; test/batching.test.ts counts).
 */
const HomePageRef = builder.objectRef<{ readonly userId: string }>("HomePage").implement({
  description: "What the web home page shows the signed-in user.",
  fields: (t) => ({
    viewer: t.field({ type: UserRef, nullable: true, resolve: (home) => home.userId }),
    recommendations: t.field({
      type: [ProductRef],
      nullable: true,
      description: "In-stock products picked for the user (1 to 50, default 20).",
      args: { first: t.arg.int({ defaultValue: 20 }) },
      resolve: async (home, args, ctx) => {
        const { products } = await ctx.clients.catalog.listRecommendations(
          { userId: home.userId, pageSize: clamp(args.first ?? 20), ...ctx.readMasks.request("product") },
          ctx.callOptions(),
        );
        primeLoader(ctx.loaders.products, products, ctx.readMasks.of("product"));
        return products;
      },
    }),
    recentOrders: t.field({
      type: [OrderRef],
      nullable: true,
      description: "The newest orders (1 to 50, default 5).",
      args: { first: t.arg.int({ defaultValue: 5 }) },
      resolve: async (home, args, ctx) => {
        const { orders } = await ctx.clients.orders.listOrders(
          { userId: home.userId, pageSize: clamp(args.first ?? 5), ...ctx.readMasks.request("order") },
          ctx.callOptions(),
        );
        primeLoader(ctx.loaders.orders, orders, ctx.readMasks.of("order"));
        return orders;
      },
    }),
  }),
});

function clamp(first: number): number {
  return Math.min(50, Math.max(1, Math.trunc(first)));
}

builder.queryFields((t) => ({
  homePage: t.withAuth({ authenticated: true }).field({
    type: HomePageRef,
    nullable: true,
    description: "The signed-in user's home page; UNAUTHENTICATED without a valid token.",
    resolve: (_root, _args, ctx) => ({ userId: ctx.viewer.userId }),
  }),
}));
