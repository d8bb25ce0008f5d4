import { domainServiceIdentity, startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { openCatalogStore } from "./data/store.js";
import type { CatalogDependencies } from "./dependencies.js";
import type { ProductRecord } from "./domain/product.js";
import { catalogRegistration } from "./routes.js";
import { seedDemoCatalog } from "./seed.js";

/** The catalog service as the host and the seed command know it (its Prisma files in services/catalog/prisma/). */
export const CATALOG_SERVICE = domainServiceIdentity("catalog", import.meta.url);

/** The folder of the catalog's Prisma migrations. */
export const CATALOG_MIGRATIONS_DIR = CATALOG_SERVICE.migrationsDir;

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
 * The composition root: options → database (migrated) → store → use cases → routes → gRPC
 * server. Health turns SERVING only once migrations and the seed are done.
 */
export function startCatalogService(options: CatalogServiceOptions = {}): Promise<RunningCatalogService> {
  return startDomainService(CATALOG_SERVICE, options, ({ database, onStop }) => {
    const store = openCatalogStore(database);
    onStop(() => store.close());
    const deps: CatalogDependencies = { products: store.products, reservations: store.reservations, now: () => new Date() };
    return {
      services: [catalogRegistration(deps)],
      seed: () => seedDemoCatalog(store.products),
      extra: { insertProducts: (rows: readonly ProductRecord[]) => store.products.insertMany(rows) },
    };
  });
}
