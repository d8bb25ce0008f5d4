import type { SessionRepository } from "./data/session-repository.js";
import type { UserRepository } from "./data/user-repository.js";
import type { PasswordHasher } from "./domain/password-hasher.js";
import type { SessionPolicy } from "./domain/session-lifetime.js";

/** What the use cases need; built once by the composition root (`app.ts`), faked in tests. */
export interface UsersDependencies {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly passwords: PasswordHasher;
  /** Idle and absolute session lifetimes. */
  readonly sessionPolicy: SessionPolicy;
  /** The current time. */
  readonly now: () => Date;
  /** A new UUIDv7. */
  readonly newId: () => string;
}
