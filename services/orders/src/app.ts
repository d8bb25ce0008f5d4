import { fileURLToPath } from "node:url";
import type { Client } from "@connectrpc/connect";
import { closeClient, createClient, service, silentLogger, startGrpcServer, type GrpcServer, type Logger } from "@shop/platform";
import { CatalogService } from "@shop/platform/contracts/catalog/v1";
import { OrderService } from "@shop/platform/contracts/orders/v1";
import { openDatabase, type Database, type QueryListener } from "@shop/platform/db";
import { newId } from "@shop/platform/ids";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaOrderRepository } from "./data/prisma-order-repository.js";
import type { OrderRepository } from "./order-repository.js";
import { orderRoutes } from "./routes.js";
import { seedDemoOrders, type SeedResult } from "./seed.js";

/** The orders service's Prisma migrations folder. */
export const ORDERS_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
/** The orders service's Prisma schema. */
export const ORDERS_SCHEMA_PATH = fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url));

/** How to start the orders service; config.ts maps the environment onto this. */
export interface OrdersServiceOptions {
  /** gRPC port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** PostgreSQL URL; absent → embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory. @default `.data/orders/` */
  readonly dataDir?: string | undefined;
  /** PGlite in memory (tests). @default false */
  readonly inMemory?: boolean;
  /** PostgreSQL pool size. @default 10 */
  readonly poolSize?: number;
  /** Apply pending migrations at start (under an advisory lock). @default true */
  readonly migrate?: boolean;
  /** Seed the demo orders when there are none. @default true */
  readonly seed?: boolean;
  /** How many demo orders to seed. @default DEMO_ORDER_COUNT (20,000) */
  readonly seedCount?: number;
  /** Catalog addresses for the typed client. @default ["127.0.0.1:50062"] */
  readonly catalogTargets?: readonly string[];
  /** A catalog client to use instead of creating one from `catalogTargets` (tests); not closed at stop. */
  readonly catalog?: Client<typeof CatalogService>;
  readonly logger?: Logger;
  /** @default 10_000 */
  readonly shutdownGraceMs?: number;
  /** Sees every SQL statement (tests count queries with it). */
  readonly onQuery?: QueryListener;
  /** Wraps the repository (tests inject faults with it). */
  readonly decorateRepository?: (repository: OrderRepository) => OrderRepository;
}

/** A running orders service. */
export interface RunningOrdersService {
  readonly port: number;
  /** `host:port` for clients. */
  readonly address: string;
  /** What the seed did at start (undefined when seeding was off). */
  readonly seeded: SeedResult | undefined;
  /** Stops serving (draining in-flight calls), then closes the catalog client and the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: database (migrations) → repository → use cases and routes → gRPC server;
 * seeds when asked; reports SERVING only once migrations and seed are done.
 */
export async function startOrdersService(options: OrdersServiceOptions = {}): Promise<RunningOrdersService> {
  const logger = options.logger ?? silentLogger();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: error }, "orders: error while stopping"));
    }
  };
  try {
    const database: Database = await openDatabase({
      service: "orders",
      migrationsDir: ORDERS_MIGRATIONS_DIR,
      schemaPath: ORDERS_SCHEMA_PATH,
      ...(options.databaseUrl === undefined ? {} : { url: options.databaseUrl }),
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.onQuery === undefined ? {} : { onQuery: options.onQuery }),
      inMemory: options.inMemory ?? false,
      poolSize: options.poolSize ?? 10,
      migrate: options.migrate ?? true,
      logger,
    });
    cleanups.push(() => database.close());
    const prisma = new PrismaClient({ adapter: database.adapter });
    cleanups.push(() => prisma.$disconnect());
    const store = new PrismaOrderRepository(prisma);
    const orders = options.decorateRepository ? options.decorateRepository(store) : store;

    let catalog = options.catalog;
    if (!catalog) {
      const client = createClient(CatalogService, [...(options.catalogTargets ?? ["127.0.0.1:50062"])], { caller: "orders", logger });
      cleanups.push(async () => closeClient(client));
      catalog = client;
    }

    const server: GrpcServer = await startGrpcServer({
      services: [service(OrderService, orderRoutes({ orders, catalog, now: () => new Date(), newId: () => newId(), logger }))],
      port: options.port ?? 0,
      host: options.host ?? "127.0.0.1",
      logger,
      shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
      serving: false,
    });
    cleanups.push(() => server.shutdown());

    let seeded: SeedResult | undefined;
    if (options.seed ?? true) {
      seeded = await seedDemoOrders(store, options.seedCount);
      logger.info({ orders: seeded.orders, ms: seeded.ms }, seeded.orders > 0 ? "orders: demo data seeded" : "orders: demo data already present");
    }
    server.setServing(true);
    logger.info({ address: server.address, database: database.mode }, "orders service serving");
    return { port: server.port, address: server.address, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
