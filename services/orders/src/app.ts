import { closeClient } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { domainServiceIdentity, startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { createCatalogClient, type CatalogClient } from "./catalog-client.js";
import { openOrdersStore } from "./data/store.js";
import type { OrderRepository } from "./order-repository.js";
import { orderRegistration } from "./routes.js";
import { seedDemoOrders } from "./seed.js";

/** The orders service as the host and the seed command know it (its Prisma files in services/orders/prisma/). */
export const ORDERS_SERVICE = domainServiceIdentity("orders", import.meta.url);

/** The orders service's Prisma migrations folder. */
export const ORDERS_MIGRATIONS_DIR = ORDERS_SERVICE.migrationsDir;

/** How to start the orders service: the shared domain-service options, plus its collaborators. */
export interface OrdersServiceOptions extends DomainServiceOptions {
  /** How many demo orders to seed. @default DEMO_ORDER_COUNT (20,000) */
  readonly seedCount?: number;
  /** Catalog addresses for the typed client. @default ["127.0.0.1:50062"] */
  readonly catalogTargets?: readonly string[];
  /** A catalog client to use instead of creating one from `catalogTargets` (tests); not closed at stop. */
  readonly catalog?: CatalogClient;
  /** Wraps the repository (tests inject faults with it). */
  readonly decorateRepository?: (repository: OrderRepository) => OrderRepository;
}

/** A running orders service. */
export type RunningOrdersService = RunningDomainService;

/**
 * The composition root: options → database (migrated) → store → use cases → routes → gRPC
 * server, with a client of the catalog service. Health turns SERVING only once migrations and the
 * seed are done.
 */
export function startOrdersService(options: OrdersServiceOptions = {}): Promise<RunningOrdersService> {
  return startDomainService(ORDERS_SERVICE, options, ({ database, logger, telemetry, tls, onStop }) => {
    const store = openOrdersStore(database);
    onStop(() => store.close());
    let catalog = options.catalog;
    if (!catalog) {
      const client = createCatalogClient(options.catalogTargets ?? ["127.0.0.1:50062"], logger, telemetry, tls);
      onStop(() => closeClient(client));
      catalog = client;
    }
    const orders = options.decorateRepository ? options.decorateRepository(store.orders) : store.orders;
    return {
      services: [orderRegistration({ orders, catalog, now: () => new Date(), newId: () => newId(), logger })],
      seed: () => seedDemoOrders(store.orders, options.seedCount),
      extra: {},
    };
  });
}
