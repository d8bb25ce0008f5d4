import { Code, ConnectError } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { BffContext } from "@shop/bff-kit";
import type { Session as SessionMessage, User } from "@shop/contracts/users/v1";

/**
 * A session as the BFFs hand it to a client: a short-lived access token for requests and the
 * refresh token that renews it (once: each refresh returns the next one).
 */
export interface Session {
  /** Send as `Authorization: Bearer <accessToken>`; a JWT carrying the user and the session id. */
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  /** Opaque; trade it with `refreshSession` for a new session before it expires. Works once. */
  readonly refreshToken: string;
  /** When the refresh token stops working unless used before (the earlier of idle and absolute expiry). */
  readonly refreshTokenExpiresAt: Date;
  /** The session family (the access token's `sid`). */
  readonly sessionId: string;
  readonly userId: string;
  /** The user when the service answered with it (sign-up, sign-in, password change); else load it by `userId`. */
  readonly user?: User;
}

/** A session whose user came with it (sign-up, sign-in, password change). */
export type SessionWithUser = Session & { readonly user: User };

/**
 * The client's session for what the users service started or renewed: signs the access token
 * for the session and primes the users loader with the user when there is one.
 */
export async function sessionOf(
  ctx: Pick<BffContext, "tokens" | "loaders">,
  answer: { readonly session?: SessionMessage | undefined; readonly refreshToken: string; readonly user?: User | undefined },
): Promise<Session> {
  const { session, refreshToken, user } = answer;
  if (!session || refreshToken === "") throw new ConnectError("the users service answered without a session", Code.Internal);
  const { token, expiresAt } = await ctx.tokens.sign({ userId: session.userId, sessionId: session.id });
  if (user) ctx.loaders.users.prime(user.id, user);
  return {
    accessToken: token,
    accessTokenExpiresAt: expiresAt,
    refreshToken,
    refreshTokenExpiresAt: refreshExpiryOf(session),
    sessionId: session.id,
    userId: session.userId,
    ...(user ? { user } : {}),
  };
}

/** The earlier of the idle and the absolute expiry (either may be absent from a message). */
function refreshExpiryOf(session: SessionMessage): Date {
  const times = [session.refreshExpireTime, session.expireTime].flatMap((t) => (t ? [timestampDate(t).getTime()] : []));
  if (times.length === 0) throw new ConnectError("the users service answered a session without expiry", Code.Internal);
  return new Date(Math.min(...times));
}

/** {@link sessionOf} for an answer that must carry the user (SignUp, SignIn, ChangePassword). */
export async function sessionWithUserOf(
  ctx: Pick<BffContext, "tokens" | "loaders">,
  answer: { readonly session?: SessionMessage | undefined; readonly refreshToken: string; readonly user?: User | undefined },
): Promise<SessionWithUser> {
  const { user } = answer;
  if (!user) throw new ConnectError("the users service answered a new session without its user", Code.Internal);
  return { ...(await sessionOf(ctx, answer)), user };
}
