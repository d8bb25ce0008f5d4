import { createLogger } from "@shop/grpc-runtime";
import { openDatabase } from "@shop/service-host/db";
import { CATALOG_MIGRATIONS_DIR } from "./app.js";
import { loadCatalogConfig } from "./config.js";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaProductRepository } from "./data/prisma-products.js";
import { seedDemoCatalog } from "./seed.js";

// `npm run seed -w @shop/catalog`: migrates, then seeds the demo catalog when it is empty.
const config = loadCatalogConfig(process.env);
const logger = createLogger("catalog-seed", { level: config.logLevel });
const database = await openDatabase({
  service: "catalog",
  ...(config.databaseUrl !== undefined ? { url: config.databaseUrl } : {}),
  dataDir: config.dataDir,
  poolSize: config.dbPoolSize,
  migrationsDir: CATALOG_MIGRATIONS_DIR,
  logger,
});
const prisma = new PrismaClient({ adapter: database.adapter });
try {
  const report = await seedDemoCatalog(new PrismaProductRepository(prisma));
  logger.info(report, report.inserted > 0 ? "demo catalog seeded" : "catalog not empty: nothing seeded");
} finally {
  await prisma.$disconnect();
  await database.close();
}
