import { FieldViolations } from "@shop/service-host";
import type { UsersDependencies } from "./dependencies.js";
import { checkClient } from "./domain/client-name.js";
import { checkNewUser, newStoredUser, registering, type NewUser } from "./create-user.js";
import { newSession, signedIn } from "./new-session.js";
import type { SessionGrant } from "./session.js";
import type { User } from "./user.js";

/** What SignUp is given. */
export interface SignUpInput extends NewUser {
  /** Which client the first session is for: 1 to 32 characters of [a-z0-9-]. */
  readonly client: string;
}

/**
 * Registers a user and starts their first session, in one transaction: either both exist or
 * neither. AlreadyExistsError when the email is taken without regard to case, even under a race.
 */
export async function signUp(deps: UsersDependencies, input: SignUpInput): Promise<{ readonly user: User } & SessionGrant> {
  const violations = new FieldViolations();
  const checked = checkNewUser(violations, input);
  checkClient(violations, "client", input.client);
  violations.throwIfAny();

  const now = deps.now();
  const user = await newStoredUser(deps, checked!, now);
  const started = newSession(deps, user.id, input.client, now);
  await registering(user.email, () => deps.sessions.insertWithUser(user, started.stored));
  return signedIn(user, started);
}
