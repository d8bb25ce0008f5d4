import { silentLogger } from "@shop/grpc-runtime";
import { createTestPostgresDatabase, defaultTestServerUrl, openDatabase, postgresAvailable, type Database } from "@shop/service-host/db";
import { USERS_MIGRATIONS_DIR } from "../src/app.js";
import { PrismaClient } from "../src/data/generated/client.js";
import { createPrismaSessionRepository } from "../src/data/prisma-session-repository.js";
import { createPrismaUserRepository } from "../src/data/prisma-user-repository.js";
import { createInMemoryUsers } from "./support/in-memory-users.js";
import { describeSessionStories, type SessionStores } from "./support/session-stories.js";

// The same session stories on the three stores: the in-memory repositories the route tests use,
// the Prisma repositories on embedded PGlite (the default without a database URL), and on the
// PostgreSQL server when one answers (a pool of 10, so concurrent refreshes really overlap).

/** The Prisma repositories over an opened database; closing disconnects, then runs `after`. */
function prismaStores(database: Database, after: () => Promise<void>): SessionStores {
  const prisma = new PrismaClient({ adapter: database.adapter });
  return {
    users: createPrismaUserRepository(prisma),
    sessions: createPrismaSessionRepository(prisma),
    async close() {
      await prisma.$disconnect();
      await after();
    },
  };
}

describeSessionStories("session stories on the in-memory repositories", async () => {
  const { users, sessions } = createInMemoryUsers();
  return { users, sessions, close: async () => {} };
});

describeSessionStories("session stories on PGlite in memory (Prisma repositories)", async () => {
  const database = await openDatabase({ service: "users", inMemory: true, migrationsDir: USERS_MIGRATIONS_DIR, logger: silentLogger() });
  return prismaStores(database, () => database.close());
});

describeSessionStories("session stories on PostgreSQL 127.0.0.1:5432 (Prisma repositories, pool of 10)", async () => {
  if (!(await postgresAvailable())) return { skip: `no PostgreSQL answers at ${defaultTestServerUrl}` };
  const scratch = await createTestPostgresDatabase({ prefix: "users_sessions" });
  const database = await openDatabase({ service: "users", url: scratch.url, poolSize: 10, migrationsDir: USERS_MIGRATIONS_DIR, logger: silentLogger() });
  return prismaStores(database, async () => {
    await database.close();
    await scratch.drop();
  });
});
