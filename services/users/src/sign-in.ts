import { FieldViolations, UnauthenticatedError } from "@shop/service-host";
import type { UsersDependencies } from "./dependencies.js";
import { checkClient } from "./domain/client-name.js";
import { newSession, signedIn } from "./new-session.js";
import type { SessionGrant } from "./session.js";
import type { User } from "./user.js";
import { authenticate, BAD_CREDENTIALS_MESSAGE, checkCredentials, type Credentials } from "./verify-credentials.js";

/** What SignIn is given. */
export interface SignInInput extends Credentials {
  /** Which client the session is for: 1 to 32 characters of [a-z0-9-]. */
  readonly client: string;
}

/**
 * Checks an email and password (as VerifyCredentials does, timing and rehash included) and starts
 * a session family. The session is stored only if the password is still the one just checked, so
 * a sign-in racing a password change cannot leave a session behind it.
 */
export async function signIn(deps: UsersDependencies, input: SignInInput): Promise<{ readonly user: User } & SessionGrant> {
  const violations = new FieldViolations();
  checkCredentials(violations, input);
  checkClient(violations, "client", input.client);
  violations.throwIfAny();

  const user = await authenticate(deps, input);
  const started = newSession(deps, user.id, input.client, deps.now());
  if (!(await deps.sessions.insertIfPassword(started.stored, user.passwordHash))) throw new UnauthenticatedError(BAD_CREDENTIALS_MESSAGE);
  return signedIn(user, started);
}
