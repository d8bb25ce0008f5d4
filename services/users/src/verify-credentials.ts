import { FieldViolations, UnauthenticatedError } from "@shop/service-host";
import { withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { MAX_EMAIL_LENGTH, normalizeEmail } from "./domain/email.js";
import { MAX_PASSWORD_LENGTH } from "./domain/password.js";
import type { User } from "./user.js";

/** The one message for an unknown email and a wrong password alike. */
export const BAD_CREDENTIALS_MESSAGE = "invalid email or password";

/** What VerifyCredentials is given. */
export interface Credentials {
  readonly email: string;
  /** In clear; never stored or logged. */
  readonly password: string;
}

/**
 * The user whose email and password these are. UnauthenticatedError with the same message for an
 * unknown email and a wrong password, after the same scrypt work (a dummy hash stands in for the
 * unknown user), so neither the answer nor its timing tells which.
 */
export async function verifyCredentials(deps: UsersDependencies, input: Credentials): Promise<User> {
  const violations = new FieldViolations();
  const trimmedEmail = input.email.trim();
  if (trimmedEmail === "") violations.add("email", "is required");
  else if (trimmedEmail.length > MAX_EMAIL_LENGTH) violations.add("email", `must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (input.password === "") violations.add("password", "is required");
  else if ([...input.password].length > MAX_PASSWORD_LENGTH) {
    violations.add("password", `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  violations.throwIfAny();

  const email = normalizeEmail(trimmedEmail);
  const stored = email.ok ? await deps.users.findByEmail(email.email) : undefined;
  const matches = await deps.passwords.verify(input.password, stored?.passwordHash);
  if (!matches || stored === undefined) throw new UnauthenticatedError(BAD_CREDENTIALS_MESSAGE);
  return withoutPasswordHash(stored);
}
