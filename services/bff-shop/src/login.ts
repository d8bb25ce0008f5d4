import { Code, ConnectError } from "@connectrpc/connect";
import type { User } from "@shop/contracts/users/v1";
import type { BffContext } from "@shop/bff-kit";
import { codedError } from "@shop/bff-kit";

/** A successful login: the session token and the user it belongs to. */
export interface LoginResult {
  /** Short-lived JWT to send as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: User;
}

/**
 * Checks an email and password with UserService.VerifyCredentials and signs a token for the user.
 * A wrong email or password is UNAUTHENTICATED with one message for both (nothing to probe with).
 */
export async function login(ctx: BffContext, email: string, password: string): Promise<LoginResult> {
  let user: User | undefined;
  try {
    user = (await ctx.clients.users.verifyCredentials({ email, password }, ctx.callOptions())).user;
  } catch (error) {
    if (error instanceof ConnectError && (error.code === Code.Unauthenticated || error.code === Code.InvalidArgument)) {
      throw codedError("UNAUTHENTICATED", { message: "Wrong email or password." });
    }
    throw error;
  }
  if (!user) throw new ConnectError("VerifyCredentials answered without a user", Code.Internal);
  ctx.loaders.users.prime(user.id, user);
  const { token, expiresAt } = await ctx.tokens.sign(user.id);
  return { token, expiresAt, user };
}
