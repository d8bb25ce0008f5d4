import { primeLoader, requireViewer, type BffContext } from "@shop/bff-kit";
import type { User } from "@shop/contracts/users/v1";
import { builder } from "../builder.js";
import { pageThrough } from "../paging.js";
import { OrderRef, OrderStatusRef } from "./order.js";

/**
 * Users by id through UserService.BatchGetUsers; the web client only ever sees the viewer. `node`
 * is public, so this load (not a field scope) is what asks for a viewer.
 */
async function loadSelf(ids: string[], ctx: BffContext): Promise<(User | null | Error)[]> {
  const viewer = requireViewer(ctx);
  const users = await ctx.loaders.users.loadMany(ids.map((id) => (id === viewer.userId ? id : "")).filter((id) => id !== ""));
  const self = users.find((u) => u instanceof Error || u?.id === viewer.userId) ?? null;
  return ids.map((id) => (id === viewer.userId ? self : null));
}

export const UserRef = builder.loadableNodeRef("User", {
  id: { resolve: (user: User) => user.id },
  load: (ids: string[], ctx) => loadSelf(ids, ctx) as Promise<(User | Error)[]>,
});

const UserOrdersConnectionRef = builder.connectionObject({ type: OrderRef, name: "UserOrdersConnection" }, { name: "UserOrdersConnectionEdge" });

UserRef.implement({
  description: "The signed-in user.",
  fields: (t) => ({
    displayName: t.exposeString("displayName"),
    email: t.exposeString("email"),
    avatarUrl: t.string({ nullable: true, description: "Full-size avatar; null when there is none.", resolve: (u) => u.avatarUrl || null }),
    orders: t.field({
      type: UserOrdersConnectionRef,
      nullable: true,
      description: "The user's orders, newest first. `first` 1 to 50 (default 20).",
      args: {
        first: t.arg.int(),
        after: t.arg.string(),
        status: t.arg({ type: [OrderStatusRef], required: false, description: "Only these statuses (at most 5)." }),
      },
      resolve: (user, args, ctx) =>
        pageThrough(args, 20, async (pageToken, pageSize) => {
          const page = await ctx.clients.orders.listOrders(
            { userId: user.id, statuses: args.status ?? [], pageToken, pageSize, ...ctx.readMasks.request("order") },
            ctx.callOptions(),
          );
          primeLoader(ctx.loaders.orders, page.orders, ctx.readMasks.of("order"));
          return { items: page.orders, nextPageToken: page.nextPageToken };
        }),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.withAuth({ authenticated: true }).field({
    type: UserRef,
    nullable: true,
    description: "The signed-in user; UNAUTHENTICATED without a valid token.",
    resolve: (_root, _args, ctx) => ctx.viewer.userId,
  }),
}));
