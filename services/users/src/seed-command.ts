import { createLogger } from "@shop/grpc-runtime";
import { openDatabase } from "@shop/service-host/db";
import { USERS_MIGRATIONS_DIR } from "./app.js";
import { loadUsersConfig } from "./config.js";
import { PrismaClient } from "./data/generated/client.js";
import { createPrismaUserRepository } from "./data/prisma-user-repository.js";
import { createPasswordHasher } from "./domain/password-hasher.js";
import { seedDemoUsers } from "./seed.js";

// `npm run seed -w @shop/users`: migrates the configured database, then seeds the demo users when
// the users table is empty (otherwise writes nothing). Same configuration as `npm start`.
const config = loadUsersConfig(process.env);
const logger = createLogger("users-seed", { level: config.logLevel });
const database = await openDatabase({
  service: "users",
  ...(config.databaseUrl !== undefined ? { url: config.databaseUrl } : {}),
  ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}),
  poolSize: config.dbPoolSize,
  migrationsDir: USERS_MIGRATIONS_DIR,
  migrate: true,
  logger,
});
const prisma = new PrismaClient({ adapter: database.adapter });
try {
  const report = await seedDemoUsers(createPrismaUserRepository(prisma), createPasswordHasher());
  logger.info({ inserted: report.inserted, ms: Math.round(report.elapsedMs) }, report.inserted > 0 ? "seeded demo users" : "users table not empty: nothing seeded");
} finally {
  await prisma.$disconnect();
  await database.close();
}
