import type { Database } from "@shop/service-host/db";
import { PrismaClient } from "./generated/client.js";
import { PrismaProductRepository } from "./prisma-products.js";
import { PrismaReservationRepository } from "./prisma-reservations.js";

/** The catalog service's storage on an open database. */
export interface CatalogStore {
  /** Products, with the bulk side the seed and `insertProducts` use. */
  readonly products: PrismaProductRepository;
  readonly reservations: PrismaReservationRepository;
  /** Disconnects the Prisma client (the database itself is closed by whoever opened it). */
  close(): Promise<void>;
}

/** The repositories of the catalog service over `database`; the only place that makes a Prisma client. */
export function openCatalogStore(database: Database): CatalogStore {
  const prisma = new PrismaClient({ adapter: database.adapter });
  return {
    products: new PrismaProductRepository(prisma),
    reservations: new PrismaReservationRepository(prisma),
    close: () => prisma.$disconnect(),
  };
}
