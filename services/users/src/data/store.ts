import type { Database } from "@shop/service-host/db";
import { PrismaClient } from "./generated/client.js";
import { createPrismaSessionRepository } from "./prisma-session-repository.js";
import { createPrismaUserRepository } from "./prisma-user-repository.js";
import type { SessionRepository } from "./session-repository.js";
import type { UserRepository } from "./user-repository.js";

/** The users service's storage on an open database. */
export interface UsersStore {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  /** Disconnects the Prisma client (the database itself is closed by whoever opened it). */
  close(): Promise<void>;
}

/** The repositories of the users service over `database`; the only place that makes a Prisma client. */
export function openUsersStore(database: Database): UsersStore {
  const prisma = new PrismaClient({ adapter: database.adapter });
  return {
    users: createPrismaUserRepository(prisma),
    sessions: createPrismaSessionRepository(prisma),
    close: () => prisma.$disconnect(),
  };
}
