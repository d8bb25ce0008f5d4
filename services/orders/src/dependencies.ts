import type { Catalog } from "./catalog.js";
import type { OrderRepository } from "./order-repository.js";

/** The small part of a pino logger the use cases need. */
export interface UseCaseLogger {
  warn(details: object, message: string): void;
}

/** What the use cases need; built by `orderRoutes` from what the composition root (`app.ts`) gives it, faked in tests. */
export interface OrdersDependencies {
  /** Where orders are kept. */
  readonly orders: OrderRepository;
  /** The catalog service: product prices and stock reservations. */
  readonly catalog: Catalog;
  /** The current time. */
  readonly now: () => Date;
  /** A new UUIDv7. */
  readonly newId: () => string;
  readonly logger?: UseCaseLogger | undefined;
}
