import { fileURLToPath } from "node:url";
import { createLogger, service, startGrpcServer, type Logger } from "@shop/platform";
import { CatalogService } from "@shop/platform/contracts/catalog/v1";
import { openDatabase, type QueryListener } from "@shop/platform/db";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaProductRepository } from "./data/prisma-products.js";
import { PrismaReservationRepository } from "./data/prisma-reservations.js";
import type { ProductRecord } from "./domain/product.js";
import { catalogRoutes } from "./routes.js";
import { seedDemoCatalog } from "./seed.js";

/** The folder of the catalog's Prisma migrations. */
export const CATALOG_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** How to start the catalog service: the keys of `config.ts`, plus test-only switches. */
export interface CatalogServiceOptions {
  /** gRPC port. @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** PostgreSQL URL; absent → embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory. @default ".data/catalog" (the platform's default) */
  readonly dataDir?: string;
  /** PGlite in memory (tests); wins over `dataDir`. @default false */
  readonly inMemory?: boolean;
  /** PostgreSQL pool size (PGlite always uses 1). @default 10 */
  readonly dbPoolSize?: number;
  /** Apply pending migrations under an advisory lock before serving. @default true */
  readonly migrateOnStart?: boolean;
  /** Seed the 5,000 demo products when the catalog is empty. @default true */
  readonly seed?: boolean;
  /** @default a pino logger named "catalog" at `logLevel` */
  readonly logger?: Logger;
  /** Used only when no `logger` is given. @default "info" */
  readonly logLevel?: string;
  /** @default 10_000 */
  readonly shutdownGraceMs?: number;
  /** Sees every SQL statement the repositories run (tests count queries with it). */
  readonly onQuery?: QueryListener;
}

/** A running catalog service. */
export interface RunningCatalogService {
  readonly port: number;
  /** "host:port" to give `createClient`. */
  readonly address: string;
  /** A postgres:// URL of the service's database (pglite-socket's in embedded mode), for tools. */
  readonly databaseUrl: string;
  /**
   * Inserts products straight into the database (tests and tools: the API has no RPC that writes
   * products). Goes through the service's own connection pool, so it is safe on PGlite too.
   */
  insertProducts(products: readonly ProductRecord[]): Promise<void>;
  /** Stops serving (draining calls), then closes the database. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The composition root: options → database (migrated) → repositories → use cases → routes →
 * gRPC server. Health turns SERVING only once migrations and the seed are done.
 */
export async function startCatalogService(options: CatalogServiceOptions = {}): Promise<RunningCatalogService> {
  const logger = options.logger ?? createLogger("catalog", { level: options.logLevel ?? "info" });
  const database = await openDatabase({
    service: "catalog",
    ...(options.databaseUrl !== undefined ? { url: options.databaseUrl } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    inMemory: options.inMemory ?? false,
    poolSize: options.dbPoolSize ?? 10,
    migrationsDir: CATALOG_MIGRATIONS_DIR,
    migrate: options.migrateOnStart ?? true,
    ...(options.onQuery !== undefined ? { onQuery: options.onQuery } : {}),
    logger,
  });
  const prisma = new PrismaClient({ adapter: database.adapter });
  const closeData = async () => {
    await prisma.$disconnect();
    await database.close();
  };
  try {
    const products = new PrismaProductRepository(prisma);
    const reservations = new PrismaReservationRepository(prisma);
    const server = await startGrpcServer({
      services: [service(CatalogService, catalogRoutes({ products, reservations, now: () => new Date() }))],
      port: options.port ?? 0,
      host: options.host ?? "127.0.0.1",
      logger,
      shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
      serving: false,
    });
    try {
      if (options.seed ?? true) {
        const report = await seedDemoCatalog(products);
        if (report.inserted > 0) logger.info({ inserted: report.inserted, ms: report.ms }, "demo catalog seeded");
      }
      server.setServing(true);
    } catch (error) {
      await server.shutdown();
      throw error;
    }
    logger.info({ address: server.address, database: database.mode }, "catalog service serving");
    let stopped: Promise<void> | undefined;
    return {
      port: server.port,
      address: server.address,
      databaseUrl: database.url,
      insertProducts: (rows) => products.insertMany(rows),
      stop() {
        stopped ??= (async () => {
          try {
            await server.shutdown();
          } finally {
            await closeData();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    await closeData();
    throw error;
  }
}
