import { Code, type ConnectError } from "@connectrpc/connect";
import { inputViolationsOf, type BffContext, type InputViolation } from "@shop/bff-kit";
import { EmailTakenError } from "./email-taken-error.js";
import { codePoints, emailKey, MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from "./input-bounds.js";
import { inputPath } from "./input-path.js";
import { InvalidInputError } from "./invalid-input-error.js";
import { limitedAttempt, type Refusal } from "./limited-attempt.js";
import { sessionWithUserOf, type SessionWithUser } from "./session.js";
import type { SignInRequest } from "./sign-in.js";

/** What a client signs up with (the mutation's `input`): what it will sign in with, and a name. */
export interface SignUpRequest extends SignInRequest {
  readonly displayName: string;
}

const MESSAGE = "The sign-up input is not valid.";

/**
 * Registers a user and starts their first session with UserService.SignUp. The sign-up limits come
 * first (RATE_LIMITED, nothing created). A taken email → {@link EmailTakenError}; input refused by
 * the BFF (sizes) or the service → {@link InvalidInputError} with paths under `input`; both count as
 * failed attempts. A success clears them. Anything else is thrown as it came.
 */
export async function signUp(ctx: BffContext, request: SignUpRequest, client: string): Promise<SessionWithUser> {
  const answer = await limitedAttempt(ctx.limits.signUp, { ip: ctx.clientIp, email: emailKey(request.email) }, {
    refusedBeforeCall: () => {
      const oversized = oversizedFields(request);
      return oversized.length > 0 ? { error: new InvalidInputError(oversized, MESSAGE), counts: true } : undefined;
    },
    call: () => ctx.clients.users.signUp({ ...pick(request), client }, ctx.callOptions()),
    refusalOf,
  });
  return sessionWithUserOf(ctx, answer);
}

/** The request's own fields (a GraphQL input object may carry more). */
function pick({ email, displayName, password }: SignUpRequest): SignUpRequest {
  return { email, displayName, password };
}

/** Violations for the fields past the contract's outer size limits. */
function oversizedFields(request: SignUpRequest): InputViolation[] {
  const violations: InputViolation[] = [];
  if (request.email.trim().length > MAX_EMAIL_LENGTH) violations.push({ field: "input.email", description: `must be at most ${MAX_EMAIL_LENGTH} characters` });
  if (codePoints(request.displayName.trim()) > MAX_DISPLAY_NAME_LENGTH) {
    violations.push({ field: "input.displayName", description: `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters` });
  }
  if (codePoints(request.password) > MAX_PASSWORD_LENGTH) violations.push({ field: "input.password", description: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
  return violations;
}

/** The typed error for a SignUp refusal (a failed attempt), or undefined when the error is not about the input. */
function refusalOf(error: ConnectError): Refusal | undefined {
  if (error.code === Code.AlreadyExists) return { error: new EmailTakenError(), counts: true };
  if (error.code !== Code.InvalidArgument) return undefined;
  const violations = inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description }));
  return { error: new InvalidInputError(violations.length > 0 ? violations : [{ field: "input", description: "not valid" }], MESSAGE), counts: true };
}
