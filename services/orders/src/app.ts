import { fileURLToPath } from "node:url";
import type { Client } from "@connectrpc/connect";
import { closeClient, createClient, service, silentLogger } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { newId } from "@shop/grpc-runtime/ids";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaOrderRepository } from "./data/prisma-order-repository.js";
import type { OrderRepository } from "./order-repository.js";
import { orderRoutes } from "./routes.js";
import { seedDemoOrders, type SeedResult } from "./seed.js";

/** The orders service's Prisma migrations folder. */
export const ORDERS_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
/** The orders service's Prisma schema. */
export const ORDERS_SCHEMA_PATH = fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url));

/** How to start the orders service: the shared domain-service options, plus its collaborators. */
export interface OrdersServiceOptions extends DomainServiceOptions {
  /** How many demo orders to seed. @default DEMO_ORDER_COUNT (20,000) */
  readonly seedCount?: number;
  /** Catalog addresses for the typed client. @default ["127.0.0.1:50062"] */
  readonly catalogTargets?: readonly string[];
  /** A catalog client to use instead of creating one from `catalogTargets` (tests); not closed at stop. */
  readonly catalog?: Client<typeof CatalogService>;
  /** Wraps the repository (tests inject faults with it). */
  readonly decorateRepository?: (repository: OrderRepository) => OrderRepository;
}

/** A running orders service. */
export interface RunningOrdersService extends RunningDomainService {
  /** What the seed did at start (undefined when seeding was off). */
  readonly seeded: SeedResult | undefined;
}

/**
 * The composition root: database (migrations) → repository → use cases and routes → gRPC server;
 * seeds when asked; reports SERVING only once migrations and seed are done.
 */
export async function startOrdersService(options: OrdersServiceOptions = {}): Promise<RunningOrdersService> {
  const optionsWithLogger = { ...options, logger: options.logger ?? silentLogger() };
  const seeding: { result?: SeedResult } = {};
  const running = await startDomainService(
    { name: "orders", migrationsDir: ORDERS_MIGRATIONS_DIR, schemaPath: ORDERS_SCHEMA_PATH },
    optionsWithLogger,
    ({ database, logger, onStop }) => {
      const prisma = new PrismaClient({ adapter: database.adapter });
      onStop(() => prisma.$disconnect());
      const store = new PrismaOrderRepository(prisma);
      const orders = options.decorateRepository ? options.decorateRepository(store) : store;
      let catalog = options.catalog;
      if (!catalog) {
        const client = createClient(CatalogService, [...(options.catalogTargets ?? ["127.0.0.1:50062"])], { caller: "orders", logger });
        onStop(() => closeClient(client));
        catalog = client;
      }
      return {
        services: [service(OrderService, orderRoutes({ orders, catalog, now: () => new Date(), newId: () => newId(), logger }))],
        seed: async () => {
          const seeded = await seedDemoOrders(store, options.seedCount);
          seeding.result = seeded;
          logger.info({ orders: seeded.orders, ms: seeded.ms }, seeded.orders > 0 ? "orders: demo data seeded" : "orders: demo data already present");
        },
        extra: {},
      };
    },
  );
  return { ...running, seeded: seeding.result };
}
