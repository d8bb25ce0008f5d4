import { closeClient, createClient } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import type { Operation } from "./load-generator.js";

/** gRPC addresses ("host:port") of the three services. */
export interface ServiceTargets {
  readonly users: string;
  readonly catalog: string;
  readonly orders: string;
}

/**
 * Peer (d), the limit: the web home page's data with the typed clients and no GraphQL. The
 * minimal calls: GetUser, ListRecommendations and ListOrders together, then one BatchGetProducts
 * for the order lines' products that were not among the recommendations — 4 RPCs.
 */
export function rawHomeOperation(targets: ServiceTargets, userId: string): { run: Operation; close(): void } {
  const caller = "bench-raw";
  const users = createClient(UserService, targets.users, { caller });
  const catalog = createClient(CatalogService, targets.catalog, { caller });
  const orders = createClient(OrderService, targets.orders, { caller });
  const options = () => ({ timeoutMs: 2_000, headers: { "x-caller": caller, "x-user-id": userId } });

  const run: Operation = async () => {
    const [user, recommendations, recent] = await Promise.all([
      users.getUser({ id: userId }, options()),
      catalog.listRecommendations({ userId, pageSize: 20 }, options()),
      orders.listOrders({ userId, pageSize: 5 }, options()),
    ]);
    const known = new Set(recommendations.products.map((p) => p.id));
    const missing = [...new Set(recent.orders.flatMap((o) => o.lines.map((l) => l.productId)))].filter((id) => !known.has(id));
    const products = missing.length > 0 ? (await catalog.batchGetProducts({ ids: missing }, options())).products : [];
    if (!user.user || recommendations.products.length === 0 || recent.orders.length === 0 || products.length !== missing.length) {
      throw new Error("raw home: incomplete data");
    }
  };
  return {
    run,
    close: () => {
      closeClient(users);
      closeClient(catalog);
      closeClient(orders);
    },
  };
}
