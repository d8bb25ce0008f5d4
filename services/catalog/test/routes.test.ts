import { createClient, createRouterTransport } from "@connectrpc/connect";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { DEMO_PRODUCT_COUNT } from "@shop/service-host/demo";
import { catalogRoutes } from "../src/routes.js";
import { describeCatalogBehaviour } from "./support/catalog-behaviour.js";
import { MemoryCatalog } from "./support/memory-repositories.js";
import { productRecord } from "./support/products.js";

describeCatalogBehaviour("catalog routes in memory (fake repositories)", async () => {
  const memory = new MemoryCatalog(Array.from({ length: DEMO_PRODUCT_COUNT }, (_, i) => productRecord(i)));
  const routes = catalogRoutes({ products: memory.products, reservations: memory.reservations, now: () => new Date() });
  const transport = createRouterTransport((router) => router.service(CatalogService, routes));
  return {
    client: createClient(CatalogService, transport),
    insertProducts: async (products) => {
      for (const p of products) memory.rows.set(p.id, p);
    },
    close: async () => {},
  };
});
