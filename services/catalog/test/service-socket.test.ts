import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { createTestPostgresDatabase, postgresAvailable } from "@shop/service-host/db";
import { describe, it } from "vitest";
import { startCatalogService, type CatalogServiceOptions } from "../src/app.js";
import { describeCatalogBehaviour } from "./support/catalog-behaviour.js";
import type { CatalogFixture } from "./support/fixture.js";

async function openOverSocket(options: CatalogServiceOptions, cleanup: () => Promise<void> = async () => {}): Promise<CatalogFixture> {
  const running = await startCatalogService({ port: 0, logger: silentLogger(), ...options });
  const client = createClient(CatalogService, running.address, { defaultTimeoutMs: 60_000 });
  return {
    client,
    insertProducts: (products) => running.insertProducts(products),
    close: async () => {
      closeClient(client);
      await running.stop();
      await cleanup();
    },
  };
}

describeCatalogBehaviour("catalog service over a real socket, on PGlite in memory", () => openOverSocket({ inMemory: true }));

const postgresUp = await postgresAvailable();
if (postgresUp) {
  describeCatalogBehaviour("catalog service over a real socket, on PostgreSQL", async () => {
    const database = await createTestPostgresDatabase({ prefix: "catalog" });
    try {
      return await openOverSocket({ databaseUrl: database.url, dbPoolSize: 10 }, () => database.drop());
    } catch (error) {
      await database.drop();
      throw error;
    }
  });
} else {
  describe("catalog service over a real socket, on PostgreSQL", () => {
    it.skip("skipped: no PostgreSQL server answers at 127.0.0.1:5432", () => {});
  });
}
