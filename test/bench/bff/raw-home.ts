import { closeClient, createClient, endUserValues, UserTokenSigner, type TlsIdentity } from "@shop/grpc-runtime";
import type { Product } from "@shop/contracts/catalog/v1";
import { CatalogService } from "@shop/contracts/catalog/v1";
import type { Order, OrderLine } from "@shop/contracts/orders/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import type { User } from "@shop/contracts/users/v1";
import { UserService } from "@shop/contracts/users/v1";
import type { Operation } from "./load-generator.js";

/** gRPC addresses ("host:port") of the three services. */
export interface ServiceTargets {
  readonly users: string;
  readonly catalog: string;
  readonly orders: string;
}

/**
 * The read masks (AIP-157) a careful hand-written client sends for exactly the web home page's
 * fields (`WEB_HOME_QUERY`): the viewer's name and avatar; a recommendation's name, images,
 * rating, review count and price; an order's status, time, total and lines; a line product's
 * name, thumbnail and price.
 */
export const RAW_HOME_READ_MASKS: Readonly<Record<"user" | "recommendation" | "lineProduct" | "order", { readonly paths: string[] }>> = {
  user: { paths: ["display_name", "avatar_url"] },
  recommendation: { paths: ["name", "thumbnail_url", "image_urls", "average_rating", "review_count", "price"] },
  lineProduct: { paths: ["name", "thumbnail_url", "price"] },
  order: { paths: ["status", "create_time", "total", "lines.quantity", "lines.unit_price", "lines.line_total", "lines.product_id"] },
};

/** The home page's data as the raw peer assembles it: every line joined to its product. */
export interface RawHome {
  readonly user: User | undefined;
  readonly recommendations: readonly Product[];
  readonly orders: readonly (Omit<Order, "lines"> & { readonly lines: readonly (OrderLine & { readonly product: Product | undefined })[] })[];
}

/**
 * Peer (d), the limit: the web home page's data with the typed clients and no GraphQL. The
 * minimal calls: GetUser, ListRecommendations and ListOrders together, then one BatchGetProducts
 * for the order lines' products that were not among the recommendations — 4 RPCs, each with the
 * read mask of {@link RAW_HOME_READ_MASKS}.
 *
 * It calls as bff-web does, so that it pays what bff-web pays for trust: with `tls` (bff-web's
 * identity of the launch's PKI) over mutual TLS, each call acting for `userId` through an
 * `x-user-token` signed with that identity's key (one signer for the three clients, as in
 * bff-web). Without `tls` (a plaintext launch) the token travels unsigned.
 */
export function rawHomeOperation(
  targets: ServiceTargets,
  userId: string,
  tls: TlsIdentity | undefined,
): { run: Operation; load(): Promise<RawHome>; close(): void } {
  const caller = "bff-web";
  const userTokens = new UserTokenSigner(tls?.privateKey);
  const clientOptions = (serverName: string) => ({ caller, tls, userTokens, ...(tls === undefined ? {} : { serverName }) });
  const users = createClient(UserService, targets.users, clientOptions("users"));
  const catalog = createClient(CatalogService, targets.catalog, clientOptions("catalog"));
  const orders = createClient(OrderService, targets.orders, clientOptions("orders"));
  const actingFor = endUserValues(userId);
  const options = () => ({ timeoutMs: 2_000, contextValues: actingFor });
  const masks = RAW_HOME_READ_MASKS;

  const load = async (): Promise<RawHome> => {
    const [user, recommendations, recent] = await Promise.all([
      users.getUser({ id: userId, readMask: masks.user }, options()),
      catalog.listRecommendations({ userId, pageSize: 20, readMask: masks.recommendation }, options()),
      orders.listOrders({ userId, pageSize: 5, readMask: masks.order }, options()),
    ]);
    const products = new Map(recommendations.products.map((p) => [p.id, p]));
    const missing = [...new Set(recent.orders.flatMap((o) => o.lines.map((l) => l.productId)))].filter((id) => !products.has(id));
    if (missing.length > 0) {
      const batch = await catalog.batchGetProducts({ ids: missing, readMask: masks.lineProduct }, options());
      for (const product of batch.products) products.set(product.id, product);
    }
    return {
      user: user.user,
      recommendations: recommendations.products,
      orders: recent.orders.map((order) => ({ ...order, lines: order.lines.map((line) => ({ ...line, product: products.get(line.productId) })) })),
    };
  };
  const run: Operation = async () => {
    const home = await load();
    if (!home.user || home.recommendations.length === 0 || home.orders.some((o) => o.lines.some((l) => !l.product))) {
      throw new Error("raw home: incomplete data");
    }
  };
  return {
    run,
    load,
    close: () => {
      closeClient(users);
      closeClient(catalog);
      closeClient(orders);
    },
  };
}

/** The fields of `WEB_HOME_QUERY` the raw answer lacks (a mask that asked too little), as "where: field". */
export function missingHomeFields(home: RawHome): string[] {
  const missing: string[] = [];
  const need = (where: string, fields: Record<string, unknown>): void => {
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) missing.push(`${where}: ${field}`);
    }
  };
  need("user", { displayName: home.user?.displayName });
  for (const p of home.recommendations) {
    need(`recommendation ${p.id}`, { name: p.name, thumbnailUrl: p.thumbnailUrl, imageUrls: p.imageUrls, price: p.price });
  }
  for (const o of home.orders) {
    need(`order ${o.id}`, { status: o.status || undefined, createTime: o.createTime, total: o.total, lines: o.lines });
    for (const l of o.lines) {
      need(`order ${o.id} line`, { quantity: l.quantity || undefined, unitPrice: l.unitPrice, lineTotal: l.lineTotal });
      need(`product ${l.productId}`, { name: l.product?.name, thumbnailUrl: l.product?.thumbnailUrl, price: l.product?.price });
    }
  }
  return missing;
}
