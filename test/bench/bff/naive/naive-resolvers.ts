import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
import { requireViewer, type Authentication, type ServiceClients, type TokenService, type Viewer } from "@shop/bff-kit";
import { decimalAmount, formatMoney } from "@shop/bff-shop";
import type { Product } from "@shop/contracts/catalog/v1";
import type { Money } from "@shop/contracts/common/v1";
import { OrderStatus, type Order, type OrderLine } from "@shop/contracts/orders/v1";
import type { User } from "@shop/contracts/users/v1";

/** What every naive resolver gets: the clients and the caller, no loaders. */
export interface NaiveContext {
  readonly clients: ServiceClients;
  readonly tokens: TokenService;
  readonly auth: Authentication;
  readonly viewer: Viewer | null;
  /** Options for the next RPC: the remaining budget and the request's headers. */
  callOptions(): CallOptions;
}

/** A field resolver of the naive BFF. */
export type NaiveResolver = (source: any, args: any, ctx: NaiveContext) => unknown;

/** A Relay global id as bff-web writes it (Pothos' default: base64 of "Type:id"). */
const encodeGlobalID = (typename: string, id: string): string => Buffer.from(`${typename}:${id}`).toString("base64");

/** null for NOT_FOUND, the value otherwise; other errors go to the field. */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.NotFound) return null;
    throw error;
  }
}

const clamp = (first: number | null | undefined, fallback: number): number => Math.min(50, Math.max(1, Math.trunc(first ?? fallback)));

const getUser = async (id: string, ctx: NaiveContext): Promise<User | null> =>
  (await orNull(ctx.clients.users.getUser({ id }, ctx.callOptions())))?.user ?? null;

/** One GetProduct per call: the N+1 a DataLoader would have folded into one BatchGetProducts. */
const getProduct = async (id: string, ctx: NaiveContext): Promise<Product | null> =>
  (await orNull(ctx.clients.catalog.getProduct({ id }, ctx.callOptions())))?.product ?? null;

const money = {
  amount: (m: Money) => decimalAmount(m),
  currency: (m: Money) => m.currencyCode,
  formatted: (m: Money) => formatMoney(m),
};

/**
 * Resolvers of bff-web's schema written the naive way: every object is fetched where it is
 * needed with a single-get RPC (GetUser, GetProduct), nothing is batched or cached per request.
 * Covers the reads of the home page, viewer and product, and login; the other fields answer an
 * error (they are not part of the benchmark).
 */
export const naiveResolvers: Record<string, Record<string, NaiveResolver>> = {
  Query: {
    homePage: (_root, _args, ctx) => ({ userId: requireViewer(ctx).userId }),
    viewer: (_root, _args, ctx) => getUser(requireViewer(ctx).userId, ctx),
    product: (_root, args: { id: string }, ctx) => {
      const [typename, id] = Buffer.from(args.id, "base64").toString("utf8").split(":");
      return typename === "Product" && id ? getProduct(id, ctx) : null;
    },
  },
  Mutation: {
    login: async (_root, args: { email: string; password: string }, ctx) => {
      const { session, refreshToken, user } = await ctx.clients.users.signIn({ email: args.email, password: args.password, client: "naive" }, ctx.callOptions());
      if (!session || !user) throw new ConnectError("the users service answered a sign-in without its session", Code.Internal);
      const { token, expiresAt } = await ctx.tokens.sign({ userId: user.id, sessionId: session.id });
      // The refresh token ends at the earlier of the session's idle and absolute expiry.
      const ends = [session.refreshExpireTime, session.expireTime].flatMap((t) => (t ? [timestampDate(t).getTime()] : []));
      const refreshTokenExpiresAt = new Date(ends.length > 0 ? Math.min(...ends) : expiresAt.getTime());
      return { token, expiresAt: expiresAt.toISOString(), refreshToken, refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(), viewer: user };
    },
  },
  HomePage: {
    viewer: (home: { userId: string }, _args, ctx) => getUser(home.userId, ctx),
    recommendations: async (home: { userId: string }, args: { first?: number }, ctx) =>
      (await ctx.clients.catalog.listRecommendations({ userId: home.userId, pageSize: clamp(args.first, 20) }, ctx.callOptions())).products,
    recentOrders: async (home: { userId: string }, args: { first?: number }, ctx) =>
      (await ctx.clients.orders.listOrders({ userId: home.userId, pageSize: clamp(args.first, 5) }, ctx.callOptions())).orders,
  },
  User: {
    id: (u: User) => encodeGlobalID("User", u.id),
    avatarUrl: (u: User) => u.avatarUrl || null,
  },
  Order: {
    id: (o: Order) => encodeGlobalID("Order", o.id),
    createdAt: (o: Order) => (o.createTime ? timestampDate(o.createTime) : new Date(0)).toISOString(),
    status: (o: Order) => OrderStatus[o.status],
    itemCount: (o: Order) => o.lines.reduce((n, l) => n + l.quantity, 0),
    total: (o: Order) => o.total ?? null,
  },
  OrderLine: {
    product: (line: OrderLine, _args, ctx) => getProduct(line.productId, ctx),
    unitPrice: (line: OrderLine) => line.unitPrice ?? null,
    lineTotal: (line: OrderLine) => line.lineTotal ?? null,
  },
  Product: {
    id: (p: Product) => encodeGlobalID("Product", p.id),
    price: (p: Product) => p.price ?? null,
    imageUrl: (p: Product) => p.imageUrls[0] ?? null,
    rating: (p: Product) => Math.round(p.averageRating * 10) / 10,
    inStock: (p: Product) => p.stockAvailable > 0,
  },
  Money: money,
};
