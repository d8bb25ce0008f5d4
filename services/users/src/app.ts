import { fileURLToPath } from "node:url";
import { newId } from "@shop/grpc-runtime/ids";
import {
  startDomainService,
  type DomainServiceIdentity,
  type DomainServiceOptions,
  type RunningDomainService,
} from "@shop/service-host";
import { openUsersStore } from "./data/store.js";
import type { UsersDependencies } from "./dependencies.js";
import { createPasswordHasher, type ScryptParams } from "./domain/password-hasher.js";
import { userRegistration } from "./routes.js";
import { seedDemoUsers } from "./seed.js";

/** The folder of the service's Prisma migrations. */
export const USERS_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** The users service as the host and the seed command know it. */
export const USERS_SERVICE: DomainServiceIdentity = {
  name: "users",
  migrationsDir: USERS_MIGRATIONS_DIR,
  schemaPath: fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url)),
};

/** How to start the users service: the shared domain-service options, plus test-only switches. */
export interface UsersServiceOptions extends DomainServiceOptions {
  /** scrypt parameters for new hashes (tests may lower them). @default DEFAULT_SCRYPT_PARAMS */
  readonly passwordParams?: ScryptParams;
}

/** A running users service. */
export type RunningUsersService = RunningDomainService;

/**
 * The composition root: options → database (migrated) → store → use cases → routes → gRPC
 * server. Health turns SERVING only once migrations and the seed are done.
 */
export function startUsersService(options: UsersServiceOptions = {}): Promise<RunningUsersService> {
  return startDomainService(USERS_SERVICE, options, ({ database, onStop }) => {
    const store = openUsersStore(database);
    onStop(() => store.close());
    const deps: UsersDependencies = {
      users: store.users,
      passwords: createPasswordHasher(options.passwordParams),
      now: () => new Date(),
      newId: () => newId(),
    };
    return {
      services: [userRegistration(deps)],
      seed: () => seedDemoUsers(deps.users, deps.passwords),
      extra: {},
    };
  });
}
