import type { Client } from "@connectrpc/connect";
import type { CatalogService } from "@shop/contracts/catalog/v1";
import type { OrderService } from "@shop/contracts/orders/v1";
import type { UserService } from "@shop/contracts/users/v1";

/**
 * The typed clients a BFF calls. In production they come from `createClient(desc, targets)` of
 * `@shop/grpc-runtime` (grpc-js channels); in tests from Connect's `createClient(desc,
 * createRouterTransport(...))`. Both have this exact type, so nothing here knows about sockets.
 */
export interface ServiceClients {
  /** shop.users.v1.UserService */
  readonly users: Client<typeof UserService>;
  /** shop.catalog.v1.CatalogService */
  readonly catalog: Client<typeof CatalogService>;
  /** shop.orders.v1.OrderService */
  readonly orders: Client<typeof OrderService>;
}

/** The downstream service names, as used by config keys, health and call counters. */
export type ServiceName = keyof ServiceClients;
