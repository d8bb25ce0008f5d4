import type { PasswordHasher } from "./domain/password-hasher.js";
import type { UserRepository } from "./data/user-repository.js";

/** What the use cases need; built once by the composition root (`app.ts`), faked in tests. */
export interface UsersDependencies {
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  /** The current time. */
  readonly now: () => Date;
  /** A new UUIDv7. */
  readonly newId: () => string;
}
