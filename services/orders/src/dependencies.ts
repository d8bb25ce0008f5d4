import type { Client } from "@connectrpc/connect";
import type { CatalogService } from "@shop/contracts/catalog/v1";
import type { OrderRepository } from "./order-repository.js";

/** The small part of a pino logger the use cases need. */
export interface UseCaseLogger {
  warn(details: object, message: string): void;
}

/** What the use cases are given by the composition root (app.ts) or by tests. */
export interface OrdersDependencies {
  /** Where orders are kept. */
  readonly orders: OrderRepository;
  /** The catalog service: product prices and stock reservations. */
  readonly catalog: Client<typeof CatalogService>;
  /** The current time. */
  readonly now: () => Date;
  /** A new UUIDv7. */
  readonly newId: () => string;
  readonly logger?: UseCaseLogger | undefined;
}
