import { Code, ConnectError } from "@connectrpc/connect";
import { codedError, inputViolationsOf, type BffContext, type Viewer } from "@shop/bff-kit";
import { InvalidInputError } from "./invalid-input-error.js";
import { codePoints, emailKey, MAX_PASSWORD_LENGTH } from "./input-bounds.js";
import { limitedAttempt, type Refusal } from "./limited-attempt.js";
import { inputPath } from "./input-path.js";
import { sessionWithUserOf, type SessionWithUser } from "./session.js";
import { WrongPasswordError } from "./wrong-password-error.js";

/** What a signed-in client sends to change its password (the mutation's `input`). */
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
}

const MESSAGE = "The new password is not valid.";

/**
 * Replaces the viewer's password with UserService.ChangePassword, which ends every session of the
 * user and starts a new one for this client; the ended sessions' access tokens go on the revocation
 * list at once (this request's included), and the new session is returned.
 *
 * A wrong current password is a failed login attempt for the account's email (the login limits,
 * checked first: RATE_LIMITED), so a stolen access token is no faster a way to guess the password
 * than the login form; it answers {@link WrongPasswordError}. A new password the BFF or the service
 * refuses → {@link InvalidInputError} (`input.newPassword`), not counted. Anything else is thrown as
 * it came.
 */
export async function changePassword(ctx: BffContext, viewer: Viewer, request: ChangePasswordRequest, client: string): Promise<SessionWithUser> {
  const { user } = await ctx.clients.users.getUser({ id: viewer.userId, readMask: { paths: ["email"] } }, ctx.callOptions());
  if (!user) throw new ConnectError("GetUser answered without a user", Code.Internal);
  const change = { userId: viewer.userId, currentPassword: request.currentPassword, newPassword: request.newPassword, client };
  const answer = await limitedAttempt(ctx.limits.login, { ip: ctx.clientIp, email: emailKey(user.email) }, {
    refusedBeforeCall: () => {
      if (codePoints(request.currentPassword) > MAX_PASSWORD_LENGTH) return { error: new WrongPasswordError(), counts: true };
      if (codePoints(request.newPassword) > MAX_PASSWORD_LENGTH) {
        return { error: new InvalidInputError([{ field: "input.newPassword", description: `must be at most ${MAX_PASSWORD_LENGTH} characters` }], MESSAGE), counts: false };
      }
      return undefined;
    },
    call: () => ctx.clients.users.changePassword(change, ctx.callOptions()),
    refusalOf: changeRefusalOf,
  });
  await ctx.tokens.revoke([...new Set([...answer.revokedSessionIds, viewer.sessionId])]);
  return sessionWithUserOf(ctx, answer);
}

/** The typed error of a ChangePassword refusal, or undefined when the error is not about the input. */
function changeRefusalOf(error: ConnectError): Refusal | undefined {
  switch (error.code) {
    case Code.Unauthenticated:
      return { error: new WrongPasswordError(), counts: true };
    case Code.InvalidArgument: {
      const found = inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description }));
      return { error: new InvalidInputError(found.length > 0 ? found : [{ field: "input.newPassword", description: "not valid" }], MESSAGE), counts: false };
    }
    case Code.NotFound:
      // The viewer's account is gone: its token is of no use any more.
      return { error: codedError("UNAUTHENTICATED"), counts: false };
    default:
      return undefined;
  }
}
