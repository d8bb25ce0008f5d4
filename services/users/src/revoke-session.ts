import { InvalidInputError } from "@shop/service-host";
import type { UsersDependencies } from "./dependencies.js";
import { MAX_REFRESH_TOKEN_LENGTH, parseRefreshToken, sameSecretHash } from "./domain/refresh-token.js";

/**
 * Ends the session family of a refresh token (logout): the current token or any spent one of the
 * family will do. Succeeds without a change for a well-formed token that matches no family, or an
 * expired or already revoked one, so a logout can be retried. A session id with a secret that
 * was never its own revokes nothing: knowing an id (an access token's `sid`) is not enough.
 * InvalidInputError on `refresh_token` when it is not a refresh token at all.
 */
export async function revokeSession(deps: Pick<UsersDependencies, "sessions" | "now">, refreshToken: string): Promise<void> {
  const presented = parseRefreshToken(refreshToken);
  if (presented === undefined) {
    const description = `must be a refresh token (<session id>.<secret>, at most ${MAX_REFRESH_TOKEN_LENGTH} characters)`;
    throw new InvalidInputError([{ field: "refresh_token", description }]);
  }
  const session = await deps.sessions.findById(presented.sessionId);
  if (session === undefined) return;
  const ofThisFamily =
    sameSecretHash(session.tokenHash, presented.secretHash) || (await deps.sessions.isSpent(session.id, presented.secretHash));
  if (ofThisFamily) await deps.sessions.revoke(session.id, deps.now());
}
