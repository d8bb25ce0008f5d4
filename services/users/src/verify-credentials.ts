import { FieldViolations, UnauthenticatedError } from "@shop/service-host";
import { withoutPasswordHash, type StoredUser } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { MAX_EMAIL_LENGTH, normalizeEmail } from "./domain/email.js";
import { MAX_PASSWORD_LENGTH } from "./domain/password.js";
import type { User } from "./user.js";

/** The one message for an unknown email and a wrong password alike. */
export const BAD_CREDENTIALS_MESSAGE = "invalid email or password";

/** What VerifyCredentials (and SignIn) is given. */
export interface Credentials {
  readonly email: string;
  /** In clear; never stored or logged. */
  readonly password: string;
}

/** The user whose email and password these are ({@link authenticate}); INVALID_ARGUMENT for a missing or oversized field. */
export async function verifyCredentials(deps: UsersDependencies, input: Credentials): Promise<User> {
  const violations = new FieldViolations();
  checkCredentials(violations, input);
  violations.throwIfAny();
  return withoutPasswordHash(await authenticate(deps, input));
}

/** Records a violation for a missing or oversized email or password (their content is not judged here). */
export function checkCredentials(violations: FieldViolations, input: Credentials): void {
  const trimmedEmail = input.email.trim();
  if (trimmedEmail === "") violations.add("email", "is required");
  else if (trimmedEmail.length > MAX_EMAIL_LENGTH) violations.add("email", `must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (input.password === "") violations.add("password", "is required");
  else if ([...input.password].length > MAX_PASSWORD_LENGTH) {
    violations.add("password", `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

/**
 * The stored user whose email and password these are (already checked by {@link checkCredentials}).
 * UnauthenticatedError with the same message for an unknown email and a wrong password, after the
 * same Argon2id work (a dummy hash stands in for the unknown user), so neither the answer nor its
 * timing tells which. A hash made with older means (scrypt, other Argon2id costs) is replaced by a
 * current one now that the password is known; the user returned carries the hash stored.
 */
export async function authenticate(deps: Pick<UsersDependencies, "users" | "passwords">, input: Credentials): Promise<StoredUser> {
  const email = normalizeEmail(input.email.trim());
  const stored = email.ok ? await deps.users.findByEmail(email.email) : undefined;
  const matches = await deps.passwords.verify(input.password, stored?.passwordHash);
  if (!matches || stored === undefined) throw new UnauthenticatedError(BAD_CREDENTIALS_MESSAGE);
  if (!deps.passwords.needsRehash(stored.passwordHash)) return stored;

  const rehashed = await deps.passwords.hash(input.password);
  // Conditional: when the password changed meanwhile, that change stands and the old hash is returned.
  const replaced = await deps.users.replacePasswordHash(stored.id, stored.passwordHash, rehashed);
  return replaced ? { ...stored, passwordHash: rehashed } : stored;
}
