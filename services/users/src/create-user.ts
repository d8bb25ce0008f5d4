import { AlreadyExistsError, FieldViolations } from "@shop/service-host";
import { EmailTakenError, withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { normalizeDisplayName } from "./domain/display-name.js";
import { normalizeEmail } from "./domain/email.js";
import { passwordProblem } from "./domain/password.js";
import type { User } from "./user.js";

/** What CreateUser is given. */
export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  /** In clear; hashed here and never stored, logged or returned. */
  readonly password: string;
}

/** Registers a user; AlreadyExistsError when the email is taken without regard to case, even under a race. */
export async function createUser(deps: UsersDependencies, input: NewUser): Promise<User> {
  const violations = new FieldViolations();
  const email = normalizeEmail(input.email);
  if (!email.ok) violations.add("email", email.reason);
  const displayName = normalizeDisplayName(input.displayName);
  if (!displayName.ok) violations.add("display_name", displayName.reason);
  const password = passwordProblem(input.password);
  if (password !== undefined) violations.add("password", password);
  violations.throwIfAny();
  if (!email.ok || !displayName.ok) throw new Error("unreachable: violations were thrown");

  const now = deps.now();
  const stored = {
    id: deps.newId(),
    email: email.email,
    displayName: displayName.displayName,
    passwordHash: await deps.passwords.hash(input.password),
    avatarUrl: "",
    avatarThumbnailUrl: "",
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.users.insert(stored);
  } catch (error) {
    // The unique index decides, so two racing registrations cannot both win.
    if (error instanceof EmailTakenError) throw new AlreadyExistsError("user", email.email, "email is already registered");
    throw error;
  }
  return withoutPasswordHash(stored);
}
