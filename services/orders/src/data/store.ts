import type { Database } from "@shop/service-host/db";
import { PrismaClient } from "./generated/client.js";
import { PrismaOrderRepository } from "./prisma-order-repository.js";

/** The orders service's storage on an open database. */
export interface OrdersStore {
  /** Orders, with the bulk side the seed uses. */
  readonly orders: PrismaOrderRepository;
  /** Disconnects the Prisma client (the database itself is closed by whoever opened it). */
  close(): Promise<void>;
}

/** The repository of the orders service over `database`; the only place that makes a Prisma client. */
export function openOrdersStore(database: Database): OrdersStore {
  const prisma = new PrismaClient({ adapter: database.adapter });
  return { orders: new PrismaOrderRepository(prisma), close: () => prisma.$disconnect() };
}
