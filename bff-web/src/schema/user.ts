import { primeLoader, requireViewer, type BffContext } from "@shop/bff-kit";
import type { User as UserMessage } from "@shop/contracts/users/v1";
import { builder } from "../builder.js";
import { Order, OrderStatus } from "./order.js";
import { pageThrough } from "./paging.js";

/** Users by id through UserService.BatchGetUsers; the web client only ever sees the viewer. */
async function loadSelf(ids: string[], ctx: BffContext): Promise<(UserMessage | null | Error)[]> {
  const viewer = requireViewer(ctx);
  const users = await ctx.loaders.users.loadMany(ids.map((id) => (id === viewer.userId ? id : "")).filter((id) => id !== ""));
  const self = users.find((u) => u instanceof Error || u?.id === viewer.userId) ?? null;
  return ids.map((id) => (id === viewer.userId ? self : null));
}

export const User = builder.loadableNodeRef("User", {
  id: { resolve: (user: UserMessage) => user.id },
  load: (ids: string[], ctx) => loadSelf(ids, ctx) as Promise<(UserMessage | Error)[]>,
});

User.implement({
  description: "The signed-in user.",
  fields: (t) => ({
    displayName: t.exposeString("displayName"),
    email: t.exposeString("email"),
    avatarUrl: t.string({ nullable: true, description: "Full-size avatar; null when there is none.", resolve: (u) => u.avatarUrl || null }),
    orders: t.connection({
      type: Order,
      nullable: true,
      description: "The user's orders, newest first. `first` 1 to 50 (default 20).",
      args: { status: t.arg({ type: [OrderStatus], required: false, description: "Only these statuses (at most 5)." }) },
      resolve: (user, args, ctx) =>
        pageThrough(args, 20, async (pageToken, pageSize) => {
          const page = await ctx.clients.orders.listOrders(
            { userId: user.id, statuses: args.status ?? [], pageToken, pageSize },
            ctx.callOptions(),
          );
          primeLoader(ctx.loaders.orders, page.orders);
          return { items: page.orders, nextPageToken: page.nextPageToken };
        }),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: User,
    nullable: true,
    description: "The signed-in user; UNAUTHENTICATED without a valid token.",
    resolve: (_root, _args, ctx) => requireViewer(ctx).userId,
  }),
}));
