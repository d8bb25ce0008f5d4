import { checkId, ConflictError, FieldViolations, NotFoundError, UnauthenticatedError } from "@shop/service-host";
import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import type { UsersDependencies } from "./dependencies.js";
import { checkClient } from "./domain/client-name.js";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./domain/password.js";
import { newSession, signedIn } from "./new-session.js";
import type { SessionGrant } from "./session.js";
import type { User } from "./user.js";

/** The message of a wrong current password. */
export const WRONG_CURRENT_PASSWORD_MESSAGE = "the current password is wrong";

/** What ChangePassword is given. */
export interface PasswordChange {
  readonly userId: string;
  /** In clear; checked, never stored or logged. */
  readonly currentPassword: string;
  /** In clear; hashed with Argon2id, never stored or logged. */
  readonly newPassword: string;
  /** Which client the caller's new session is for. */
  readonly client: string;
}

/** What ChangePassword answers: the user, the caller's new session, and the sessions it ended. */
export interface PasswordChanged extends SessionGrant {
  readonly user: User;
  /** Ids of the session families revoked (every live one of the user), so a BFF can refuse their access tokens at once. */
  readonly revokedSessionIds: readonly string[];
}

/**
 * Replaces a user's password for `actor` (the user themself, or a privileged caller), after
 * checking the current one: in one transaction the new hash is stored, every live session of the
 * user is revoked (logout everywhere) and a new session starts for the caller. PERMISSION_DENIED
 * for another user; UnauthenticatedError when the current password is wrong; ConflictError when the
 * password changed between the check and the write (retrying checks against the new one).
 */
export async function changePassword(deps: UsersDependencies, actor: Actor, input: PasswordChange): Promise<PasswordChanged> {
  const violations = new FieldViolations();
  checkId(violations, "user_id", input.userId);
  if (input.currentPassword === "") violations.add("current_password", "is required");
  else if ([...input.currentPassword].length > MAX_PASSWORD_LENGTH) {
    violations.add("current_password", `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  const problem = passwordProblem(input.newPassword);
  if (problem !== undefined) violations.add("new_password", problem);
  checkClient(violations, "client", input.client);
  violations.throwIfAny();
  requireActingFor(actor, input.userId);

  const stored = await deps.users.findById(input.userId);
  if (stored === undefined) throw new NotFoundError("user", [input.userId]);
  if (!(await deps.passwords.verify(input.currentPassword, stored.passwordHash))) {
    throw new UnauthenticatedError(WRONG_CURRENT_PASSWORD_MESSAGE);
  }

  const now = deps.now();
  const passwordHash = await deps.passwords.hash(input.newPassword);
  const started = newSession(deps, stored.id, input.client, now);
  const changed = await deps.sessions.replacePassword({
    userId: stored.id,
    expectedHash: stored.passwordHash,
    passwordHash,
    at: now,
    session: started.stored,
  });
  if (changed === undefined) {
    throw new ConflictError("user", stored.id, "the password changed while this change was being checked; retry");
  }
  return { ...signedIn(changed.user, started), revokedSessionIds: changed.revokedIds };
}
