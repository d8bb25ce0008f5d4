import { AlreadyExistsError, FieldViolations } from "@shop/service-host";
import { EmailTakenError, withoutPasswordHash, type StoredUser } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { normalizeDisplayName } from "./domain/display-name.js";
import { normalizeEmail } from "./domain/email.js";
import { passwordProblem } from "./domain/password.js";
import type { User } from "./user.js";

/** What CreateUser (and SignUp) is given. */
export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  /** In clear; hashed here and never stored, logged or returned. */
  readonly password: string;
}

/** Registers a user; AlreadyExistsError when the email is taken without regard to case, even under a race. */
export async function createUser(deps: UsersDependencies, input: NewUser): Promise<User> {
  const violations = new FieldViolations();
  const checked = checkNewUser(violations, input);
  violations.throwIfAny();

  const stored = await newStoredUser(deps, checked!, deps.now());
  await registering(stored.email, () => deps.users.insert(stored));
  return withoutPasswordHash(stored);
}

/** Records a violation for each bad field of `input`; when there was none, the fields normalised (email lower-cased, name trimmed). */
export function checkNewUser(violations: FieldViolations, input: NewUser): NewUser | undefined {
  const email = normalizeEmail(input.email);
  if (!email.ok) violations.add("email", email.reason);
  const displayName = normalizeDisplayName(input.displayName);
  if (!displayName.ok) violations.add("display_name", displayName.reason);
  const password = passwordProblem(input.password);
  if (password !== undefined) violations.add("password", password);
  if (!email.ok || !displayName.ok || password !== undefined) return undefined;
  return { email: email.email, displayName: displayName.displayName, password: input.password };
}

/** The row of a new user made at `now` from checked fields, the password hashed with Argon2id. */
export async function newStoredUser(deps: Pick<UsersDependencies, "newId" | "passwords">, user: NewUser, now: Date): Promise<StoredUser> {
  return {
    id: deps.newId(),
    email: user.email,
    displayName: user.displayName,
    passwordHash: await deps.passwords.hash(user.password),
    avatarUrl: "",
    avatarThumbnailUrl: "",
    createdAt: now,
    updatedAt: now,
  };
}

/** Runs the write of a registration, answering a taken email as AlreadyExistsError. */
export async function registering(email: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    // The unique index decides, so two racing registrations cannot both win.
    if (error instanceof EmailTakenError) throw new AlreadyExistsError("user", email, "email is already registered");
    throw error;
  }
}
