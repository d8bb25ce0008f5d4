import { fileURLToPath } from "node:url";
import { service } from "@shop/grpc-runtime";
import { UserService } from "@shop/contracts/users/v1";
import { startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { newId } from "@shop/grpc-runtime/ids";
import { PrismaClient } from "./data/generated/client.js";
import { createPrismaUserRepository } from "./data/prisma-user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { createPasswordHasher, type ScryptParams } from "./domain/password-hasher.js";
import { userRoutes } from "./routes.js";
import { seedDemoUsers } from "./seed.js";

/** The folder of the service's Prisma migrations. */
export const USERS_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** How to start the users service: the shared domain-service options, plus test-only switches. */
export interface UsersServiceOptions extends DomainServiceOptions {
  /** scrypt parameters for new hashes (tests may lower them). @default DEFAULT_SCRYPT_PARAMS */
  readonly passwordParams?: ScryptParams;
}

/** A running users service. */
export type RunningUsersService = RunningDomainService;

/**
 * The composition root: options → database (migrated) → repository → use cases → routes → gRPC
 * server. Health turns SERVING only once migrations and the seed are done.
 */
export function startUsersService(options: UsersServiceOptions = {}): Promise<RunningUsersService> {
  return startDomainService({ name: "users", migrationsDir: USERS_MIGRATIONS_DIR }, options, ({ database, logger, onStop }) => {
    const prisma = new PrismaClient({ adapter: database.adapter });
    onStop(() => prisma.$disconnect());
    const passwords = createPasswordHasher(options.passwordParams);
    const deps: UsersDependencies = {
      users: createPrismaUserRepository(prisma),
      passwords,
      now: () => new Date(),
      newId: () => newId(),
    };
    return {
      services: [service(UserService, userRoutes(deps))],
      seed: async () => {
        const report = await seedDemoUsers(deps.users, passwords);
        if (report.inserted > 0) logger.info({ inserted: report.inserted, ms: Math.round(report.elapsedMs) }, "seeded demo users");
      },
      extra: {},
    };
  });
}
