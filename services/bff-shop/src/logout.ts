import { codedError, type BffContext } from "@shop/bff-kit";
import { sessionIdOfRefreshToken } from "./refresh-token.js";

/**
 * Ends a session: the refresh token's family at the users service (UserService.RevokeSession,
 * which succeeds for an unknown, expired or already ended token too, so logout can be retried),
 * and the access token the request came with, if any, on the revocation list (refused from now
 * on rather than at its expiry). Works without a valid access token: a client whose access token
 * expired can still end its session. A value not shaped like a refresh token is BAD_USER_INPUT and
 * ends nothing.
 */
export async function logout(ctx: BffContext, refreshToken: string): Promise<void> {
  if (sessionIdOfRefreshToken(refreshToken) === undefined) {
    throw codedError("BAD_USER_INPUT", {
      message: "The refresh token is not valid.",
      extensions: { violations: [{ field: "refreshToken", description: "is not a refresh token" }] },
    });
  }
  if (ctx.viewer) await ctx.tokens.revoke([ctx.viewer.sessionId]);
  await ctx.clients.users.revokeSession({ refreshToken }, ctx.callOptions());
}
