import { newId } from "@shop/grpc-runtime/ids";
import { domainServiceIdentity, startDomainService, type DomainServiceOptions, type RunningDomainService } from "@shop/service-host";
import { openUsersStore } from "./data/store.js";
import type { UsersDependencies } from "./dependencies.js";
import { createPasswordHasher, type Argon2Params } from "./domain/password-hasher.js";
import { DEFAULT_SESSION_POLICY } from "./domain/session-lifetime.js";
import { userRegistration } from "./routes.js";
import { seedDemoUsers } from "./seed.js";

/** The users service as the host and the seed command know it (its Prisma files in services/users/prisma/). */
export const USERS_SERVICE = domainServiceIdentity("users", import.meta.url);

/** The folder of the service's Prisma migrations. */
export const USERS_MIGRATIONS_DIR = USERS_SERVICE.migrationsDir;

/** How to start the users service: the shared domain-service options, its session lifetimes, plus test-only switches. */
export interface UsersServiceOptions extends DomainServiceOptions {
  /** Argon2id parameters for new hashes (tests may lower them). @default DEFAULT_ARGON2_PARAMS (OWASP: m=19456 KiB, t=2, p=1) */
  readonly passwordParams?: Argon2Params;
  /** Idle expiry of refresh tokens, in seconds (USERS_SESSION_IDLE_SECONDS). @default 1_209_600 (14 days) */
  readonly sessionIdleSeconds?: number;
  /** Absolute expiry of sessions, in seconds (USERS_SESSION_MAX_SECONDS). @default 2_592_000 (30 days) */
  readonly sessionMaxSeconds?: number;
  /** The clock of the use cases (tests move it to expire sessions). @default the system clock */
  readonly now?: () => Date;
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
      sessions: store.sessions,
      passwords: createPasswordHasher(options.passwordParams),
      sessionPolicy: {
        idleSeconds: options.sessionIdleSeconds ?? DEFAULT_SESSION_POLICY.idleSeconds,
        maxSeconds: options.sessionMaxSeconds ?? DEFAULT_SESSION_POLICY.maxSeconds,
      },
      now: options.now ?? (() => new Date()),
      newId: () => newId(),
    };
    return {
      services: [userRegistration(deps)],
      seed: () => seedDemoUsers(deps.users, deps.passwords),
      extra: {},
    };
  });
}
