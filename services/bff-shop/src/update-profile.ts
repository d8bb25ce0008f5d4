import { Code, ConnectError } from "@connectrpc/connect";
import { inputViolationsOf, type BffContext, type InputViolation, type Viewer } from "@shop/bff-kit";
import type { User } from "@shop/contracts/users/v1";
import { codePoints, MAX_AVATAR_URL_LENGTH, MAX_DISPLAY_NAME_LENGTH } from "./input-bounds.js";
import { inputPath } from "./input-path.js";
import { InvalidInputError } from "./invalid-input-error.js";

/**
 * What a signed-in client changes in its profile (the mutation's `input`). An absent (or null)
 * field is left as it is; an empty `avatarUrl` removes the avatar.
 */
export interface UpdateProfileRequest {
  readonly displayName?: string | null | undefined;
  readonly avatarUrl?: string | null | undefined;
}

const MESSAGE = "The profile input is not valid.";

/**
 * Changes the viewer's display name and avatar with UserService.UpdateUser and primes the users
 * loader with the result. Input refused by the BFF (sizes) or the service → {@link InvalidInputError}
 * with paths under `input`, nothing changed. Anything else is thrown as it came.
 */
export async function updateProfile(ctx: BffContext, viewer: Viewer, request: UpdateProfileRequest): Promise<User> {
  const displayName = request.displayName ?? undefined;
  const avatarUrl = request.avatarUrl ?? undefined;
  const oversized: InputViolation[] = [];
  if (displayName !== undefined && codePoints(displayName.trim()) > MAX_DISPLAY_NAME_LENGTH) {
    oversized.push({ field: "input.displayName", description: `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters` });
  }
  if (avatarUrl !== undefined && avatarUrl.length > MAX_AVATAR_URL_LENGTH) {
    oversized.push({ field: "input.avatarUrl", description: `must be at most ${MAX_AVATAR_URL_LENGTH} characters` });
  }
  if (oversized.length > 0) throw new InvalidInputError(oversized, MESSAGE);
  let user: User | undefined;
  try {
    ({ user } = await ctx.clients.users.updateUser({ id: viewer.userId, displayName, avatarUrl }, ctx.callOptions()));
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.InvalidArgument) {
      const found = inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description }));
      throw new InvalidInputError(found.length > 0 ? found : [{ field: "input", description: "not valid" }], MESSAGE);
    }
    throw error;
  }
  if (!user) throw new ConnectError("UpdateUser answered without a user", Code.Internal);
  ctx.loaders.users.prime(user.id, user);
  return user;
}
