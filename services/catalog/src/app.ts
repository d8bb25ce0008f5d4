import { fileURLToPath } from "node:url";
import { service } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaProductRepository } from "./data/prisma-products.js";
import { PrismaReservationRepository } from "./data/prisma-reservations.js";
import type { ProductRecord } from "./domain/product.js";
import { catalogRoutes } from "./routes.js";
import { seedDemoCatalog } from "./seed.js";

/** The folder of the catalog's Prisma migrations. */
export const CATALOG_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** How to start the catalog service: the shared domain-service options. */
export type CatalogServiceOptions = DomainServiceOptions;

/** A running catalog service. */
export interface RunningCatalogService extends RunningDomainService {
  /**
   * Inserts products straight into the database (tests and tools: the API has no RPC that writes
   * products). Goes through the service's own connection pool, so it is safe on PGlite too.
   */
  insertProducts(products: readonly ProductRecord[]): Promise<void>;
}

/**
 * The composition root: options → database (migrated) → repositories → use cases → routes →
 * gRPC server. Health turns SERVING only once migrations and the seed are done.
 */
export function startCatalogService(options: CatalogServiceOptions = {}): Promise<RunningCatalogService> {
  return startDomainService({ name: "catalog", migrationsDir: CATALOG_MIGRATIONS_DIR }, options, ({ database, logger, onStop }) => {
    const prisma = new PrismaClient({ adapter: database.adapter });
    onStop(() => prisma.$disconnect());
    const products = new PrismaProductRepository(prisma);
    const reservations = new PrismaReservationRepository(prisma);
    return {
      services: [service(CatalogService, catalogRoutes({ products, reservations, now: () => new Date() }))],
      seed: async () => {
        const report = await seedDemoCatalog(products);
        if (report.inserted > 0) logger.info({ inserted: report.inserted, ms: report.ms }, "demo catalog seeded");
      },
      extra: { insertProducts: (rows: readonly ProductRecord[]) => products.insertMany(rows) },
    };
  });
}
