import { publicSession, type StoredSession } from "./data/session-repository.js";
import { withoutPasswordHash, type StoredUser } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { newRefreshToken } from "./domain/refresh-token.js";
import { firstExpiries } from "./domain/session-lifetime.js";
import type { SessionGrant } from "./session.js";
import type { User } from "./user.js";

/** A new session row and the refresh token that continues it. */
export interface NewSession {
  readonly stored: StoredSession;
  readonly refreshToken: string;
}

/**
 * A new session family for `userId` on `client`, started at `now` (not stored yet): the row to
 * store, holding only the hash of its first refresh secret, and the refresh token to hand out once.
 */
export function newSession(
  deps: Pick<UsersDependencies, "newId" | "sessionPolicy">,
  userId: string,
  client: string,
  now: Date,
): NewSession {
  const id = deps.newId();
  const { token, secretHash } = newRefreshToken(id);
  const stored: StoredSession = {
    id,
    userId,
    client,
    tokenHash: secretHash,
    revokedAt: null,
    ...firstExpiries(now, deps.sessionPolicy),
    createdAt: now,
    updatedAt: now,
  };
  return { stored, refreshToken: token };
}

/** What a use case that signed a user in answers: the user and the session, both in their public form. */
export function signedIn(user: StoredUser, started: NewSession): { readonly user: User } & SessionGrant {
  return { user: withoutPasswordHash(user), session: publicSession(started.stored), refreshToken: started.refreshToken };
}
