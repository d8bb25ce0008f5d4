/**
 * `@shop/orders/testing`: what other packages' tests need to run the real OrderService in memory —
 * its routes, the in-memory repository and the domain types its records are made of. Nothing here
 * is new behaviour; every export is the service's own.
 */
export { orderRoutes } from "../../src/routes.js";
export type { OrderRouteDeps } from "../../src/routes.js";
export type { OrderRepository } from "../../src/order-repository.js";
export { Money } from "../../src/domain/money.js";
export { Order } from "../../src/domain/order.js";
export type { OrderLine, OrderState, OrderStatus } from "../../src/domain/order.js";
export { MemoryOrderRepository } from "./memory-order-repository.js";
