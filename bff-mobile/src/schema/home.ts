import { primeLoader } from "@shop/bff-kit";
import { builder } from "../builder.js";
import { pageSize } from "../paging.js";
import { OrderRef } from "./order.js";
import { ProductRef } from "./product.js";
import { UserRef } from "./user.js";

/** The home screen of one user; its fields each cost one RPC to one service, all on one level. */
interface HomeScreen {
  readonly userId: string;
}

/** Default and largest sizes of the home screen's lists. */
export const HOME_LISTS = {
  recommendations: { default: 10, max: 50 },
  recentOrders: { default: 3, max: 20 },
} as const;

const HomeRef = builder.objectRef<HomeScreen>("Home").implement({
  description:
    "The home screen: the user, recommendations and recent orders. One RPC per service " +
    "(users, catalog, orders), all on the same level.",
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      nullable: true,
      resolve: (home) => home.userId,
    }),
    recommendations: t.field({
      type: [ProductRef],
      nullable: true,
      args: { first: t.arg.int({ defaultValue: HOME_LISTS.recommendations.default }) },
      resolve: async (home, args, ctx) => {
        const { default: fallback, max } = HOME_LISTS.recommendations;
        const response = await ctx.clients.catalog.listRecommendations(
          { userId: home.userId, pageSize: pageSize("first", args.first, fallback, max), ...ctx.readMasks.request("product") },
          ctx.callOptions(),
        );
        primeLoader(ctx.loaders.products, response.products, ctx.readMasks.of("product"));
        return response.products;
      },
    }),
    recentOrders: t.field({
      type: [OrderRef],
      nullable: true,
      args: { first: t.arg.int({ defaultValue: HOME_LISTS.recentOrders.default }) },
      resolve: async (home, args, ctx) => {
        const { default: fallback, max } = HOME_LISTS.recentOrders;
        const response = await ctx.clients.orders.listOrders(
          { userId: home.userId, pageSize: pageSize("first", args.first, fallback, max), ...ctx.readMasks.request("order") },
          ctx.callOptions(),
        );
        primeLoader(ctx.loaders.orders, response.orders, ctx.readMasks.of("order"));
        return response.orders;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  home: t.withAuth({ authenticated: true }).field({
    type: HomeRef,
    nullable: true,
    description: "The signed-in user's home screen. Requires a token.",
    resolve: (_root, _args, ctx) => ({ userId: ctx.viewer.userId }),
  }),
}));
