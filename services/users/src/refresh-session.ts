import { UnauthenticatedError } from "@shop/service-host";
import { publicSession } from "./data/session-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { newRefreshToken, parseRefreshToken, sameSecretHash } from "./domain/refresh-token.js";
import { isLive, nextIdleExpiry } from "./domain/session-lifetime.js";
import type { SessionGrant } from "./session.js";

/** The one message for a malformed, unknown, expired, revoked or spent refresh token: none tells which. */
export const INVALID_REFRESH_TOKEN_MESSAGE = "invalid or expired refresh token";

/**
 * Trades a refresh token for the next one of its family (rotation: each works once) and moves the
 * idle expiry, never past the absolute one. UnauthenticatedError, with one message, for a token
 * that is malformed (refused before any query), unknown, expired or revoked. A token of the family
 * that was already traded in means someone else holds the family's tokens: the family is revoked.
 * A refresh that loses a race to another refresh of the same token presented a spent token too.
 */
export async function refreshSession(
  deps: Pick<UsersDependencies, "sessions" | "sessionPolicy" | "now">,
  refreshToken: string,
): Promise<SessionGrant> {
  const presented = parseRefreshToken(refreshToken);
  if (presented === undefined) throw new UnauthenticatedError(INVALID_REFRESH_TOKEN_MESSAGE);
  const session = await deps.sessions.findById(presented.sessionId);
  if (session === undefined) throw new UnauthenticatedError(INVALID_REFRESH_TOKEN_MESSAGE);

  const now = deps.now();
  if (!sameSecretHash(session.tokenHash, presented.secretHash)) {
    if (await deps.sessions.isSpent(session.id, presented.secretHash)) await deps.sessions.revoke(session.id, now);
    throw new UnauthenticatedError(INVALID_REFRESH_TOKEN_MESSAGE);
  }
  if (!isLive(session, now)) throw new UnauthenticatedError(INVALID_REFRESH_TOKEN_MESSAGE);

  const next = newRefreshToken(session.id);
  const refreshExpiresAt = nextIdleExpiry(now, session.expiresAt, deps.sessionPolicy);
  const rotated = await deps.sessions.rotate({
    sessionId: session.id,
    presentedHash: presented.secretHash,
    nextHash: next.secretHash,
    refreshExpiresAt,
    at: now,
  });
  if (!rotated) {
    // Another refresh of this very token won (or the family was revoked meanwhile): it is spent now.
    await deps.sessions.revoke(session.id, now);
    throw new UnauthenticatedError(INVALID_REFRESH_TOKEN_MESSAGE);
  }
  return { session: publicSession({ ...session, refreshExpiresAt }), refreshToken: next.token };
}
