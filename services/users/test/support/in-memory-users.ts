import { newId } from "@shop/grpc-runtime/ids";
import type { UsersDependencies } from "../../src/dependencies.js";
import { createPasswordHasher, type Argon2Params, type PasswordHasher } from "../../src/domain/password-hasher.js";
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from "../../src/domain/session-lifetime.js";
import { createInMemorySessionRepository, type InMemorySessionRepository } from "./in-memory-session-repository.js";
import { createInMemoryUserRepository, type InMemoryUserRepository } from "./in-memory-user-repository.js";

/**
 * Cheap Argon2id parameters for tests: 256 KiB and one pass instead of OWASP's 19 MiB and two, so
 * a hash takes about a millisecond. Hashes still go through the real hasher and verify for real.
 */
export const TEST_PASSWORD_PARAMS: Argon2Params = { memoryCost: 256, timeCost: 1, parallelism: 1 };

/** The users service's dependencies over in-memory repositories, and those repositories. */
export interface InMemoryUsers {
  readonly deps: UsersDependencies;
  readonly users: InMemoryUserRepository;
  readonly sessions: InMemorySessionRepository;
}

/** In-memory users and sessions, cheap password hashing (unless `passwords` is given), the default session lifetimes. */
export function createInMemoryUsers(
  options: { readonly passwords?: PasswordHasher; readonly now?: () => Date; readonly sessionPolicy?: SessionPolicy } = {},
): InMemoryUsers {
  const users = createInMemoryUserRepository();
  const sessions = createInMemorySessionRepository(users);
  const deps: UsersDependencies = {
    users,
    sessions,
    passwords: options.passwords ?? createPasswordHasher(TEST_PASSWORD_PARAMS),
    sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    now: options.now ?? (() => new Date()),
    newId: () => newId(),
  };
  return { deps, users, sessions };
}
