/**
 * `@shop/catalog/testing`: what other packages' tests need to run the real CatalogService in
 * memory — its routes, the in-memory repositories and the demo product records. Nothing here is new
 * behaviour; every export is the service's own.
 */
export { catalogRoutes } from "../../src/routes.js";
export type { CatalogDependencies } from "../../src/dependencies.js";
export type { ProductRecord } from "../../src/domain/product.js";
export { demoProductRecord } from "../../src/seed.js";
export { MemoryCatalog } from "./memory-repositories.js";
