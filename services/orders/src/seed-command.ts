import { createLogger } from "@shop/grpc-runtime";
import { openDatabase } from "@shop/service-host/db";
import { ORDERS_MIGRATIONS_DIR, ORDERS_SCHEMA_PATH } from "./app.js";
import { loadOrdersConfig } from "./config.js";
import { PrismaClient } from "./data/generated/client.js";
import { PrismaOrderRepository } from "./data/prisma-order-repository.js";
import { seedDemoOrders } from "./seed.js";

// `npm run seed -w @shop/orders`: migrates the configured database, then seeds the 20,000 demo
// orders when there are none (otherwise writes nothing). Same configuration as `npm start`.
const config = loadOrdersConfig();
const logger = createLogger("orders-seed", { level: config.logLevel });
const database = await openDatabase({
  service: "orders",
  ...(config.databaseUrl === undefined ? {} : { url: config.databaseUrl }),
  ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
  poolSize: config.dbPoolSize,
  migrationsDir: ORDERS_MIGRATIONS_DIR,
  schemaPath: ORDERS_SCHEMA_PATH,
  migrate: true,
  logger,
});
const prisma = new PrismaClient({ adapter: database.adapter });
try {
  const result = await seedDemoOrders(new PrismaOrderRepository(prisma));
  logger.info({ orders: result.orders, ms: result.ms }, result.orders > 0 ? "seeded demo orders" : "orders table not empty: nothing seeded");
} finally {
  await prisma.$disconnect();
  await database.close();
}
