import { Code } from "@connectrpc/connect";
import { codedError, type BffContext } from "@shop/bff-kit";
import { codePoints, emailKey, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from "./input-bounds.js";
import { limitedAttempt, type Refusal } from "./limited-attempt.js";
import { sessionWithUserOf, type SessionWithUser } from "./session.js";

/** What a client signs in with. */
export interface SignInRequest {
  readonly email: string;
  readonly password: string;
}

/** The one answer to every wrong email and password pair (nothing to probe accounts with); a failed attempt. */
function wrongPair(): Refusal {
  return { error: codedError("UNAUTHENTICATED", { message: "Wrong email or password." }), counts: true };
}

/**
 * Starts a session with UserService.SignIn. The login limits come first (RATE_LIMITED, nothing
 * checked); a wrong pair, or one too long to be right, counts as a failed attempt and is
 * UNAUTHENTICATED with one message for both; a success clears the failures. Anything else (a
 * service down) is thrown as it came; the attempt the limits counted in advance stays counted.
 *
 * `client` names the kind of client in the session ("web", "mobile").
 */
export async function signIn(ctx: BffContext, request: SignInRequest, client: string): Promise<SessionWithUser> {
  const answer = await limitedAttempt(ctx.limits.login, { ip: ctx.clientIp, email: emailKey(request.email) }, {
    refusedBeforeCall: () =>
      request.email.trim().length > MAX_EMAIL_LENGTH || codePoints(request.password) > MAX_PASSWORD_LENGTH ? wrongPair() : undefined,
    call: () => ctx.clients.users.signIn({ email: request.email, password: request.password, client }, ctx.callOptions()),
    refusalOf: (error) => (error.code === Code.Unauthenticated || error.code === Code.InvalidArgument ? wrongPair() : undefined),
  });
  return sessionWithUserOf(ctx, answer);
}
