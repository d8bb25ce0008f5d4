import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { createGrpcHealthCheck, type ServiceClients } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { startCatalogService } from "@shop/catalog/app";
import { startOrdersService } from "@shop/orders/app";
import { startUsersService } from "@shop/users/app";

/** The three domain services running in this process, each on PGlite in memory, and typed clients to them. */
export interface RealDomainServices {
  readonly targets: Record<"users" | "catalog" | "orders", string[]>;
  readonly clients: ServiceClients;
  readonly health: ReturnType<typeof createGrpcHealthCheck>;
  /** Closes the clients and the health checker, then stops the services. */
  stop(): Promise<void>;
}

/**
 * Starts users, catalog and orders over real sockets on free ports, seeded with the demo data
 * (orders limited to `seedOrders`: user 0, the demo login, owns demo orders 0, 1000, 2000, …),
 * for component tests of the BFFs against the real services.
 */
export async function startRealDomainServices(options: { readonly caller: string; readonly seedOrders: number }): Promise<RealDomainServices> {
  const logger = silentLogger();
  const [users, catalog] = await Promise.all([
    startUsersService({ inMemory: true, logger }),
    startCatalogService({ inMemory: true, logger }),
  ]);
  const orders = await startOrdersService({ inMemory: true, logger, seedCount: options.seedOrders, catalogTargets: [catalog.address] });
  const targets = { users: [users.address], catalog: [catalog.address], orders: [orders.address] };
  const clientOptions = { caller: options.caller };
  const clients: ServiceClients = {
    users: createClient(UserService, targets.users, clientOptions),
    catalog: createClient(CatalogService, targets.catalog, clientOptions),
    orders: createClient(OrderService, targets.orders, clientOptions),
  };
  const health = createGrpcHealthCheck(targets);
  return {
    targets,
    clients,
    health,
    async stop() {
      health.close();
      for (const client of Object.values(clients)) closeClient(client);
      await Promise.all([orders.stop(), users.stop(), catalog.stop()]);
    },
  };
}
