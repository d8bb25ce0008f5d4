import { Code, ConnectError } from "@connectrpc/connect";
import { codedError, type BffContext } from "@shop/bff-kit";
import { sessionIdOfRefreshToken } from "./refresh-token.js";
import { sessionOf, type Session } from "./session.js";

/** The one answer to every refresh token that does not work (nothing to probe sessions with). */
function refused() {
  return codedError("UNAUTHENTICATED", { message: "The refresh token is not valid (unknown, expired, already used or ended): log in again." });
}

/**
 * Trades a refresh token for a new session of the same family with UserService.RefreshSession
 * (the token presented stops working). A token that is not shaped like one is refused with no
 * call; a well-formed one first passes the per-session refresh limit (RATE_LIMITED). Unknown,
 * expired, used (the family is then ended by the service) or revoked: UNAUTHENTICATED, one message.
 */
export async function refreshSession(ctx: BffContext, refreshToken: string): Promise<Session> {
  const sessionId = sessionIdOfRefreshToken(refreshToken);
  if (sessionId === undefined) throw refused();
  await ctx.limits.refresh(sessionId);
  let answer;
  try {
    answer = await ctx.clients.users.refreshSession({ refreshToken }, ctx.callOptions());
  } catch (error) {
    if (error instanceof ConnectError && (error.code === Code.Unauthenticated || error.code === Code.InvalidArgument)) throw refused();
    throw error;
  }
  return sessionOf(ctx, answer);
}
