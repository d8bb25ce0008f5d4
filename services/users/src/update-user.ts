import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import { checkId, FieldViolations, NotFoundError } from "@shop/service-host";
import { withoutPasswordHash, type UserChanges } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { parseAvatarUrl } from "./domain/avatar.js";
import { normalizeDisplayName } from "./domain/display-name.js";
import type { User } from "./user.js";

/** What UpdateUser is given: only the fields that are set change. */
export interface UserUpdate {
  readonly id: string;
  /** When set: 1 to 100 characters after trimming. */
  readonly displayName?: string | undefined;
  /** When set: an absolute http(s) URL, or "" to remove the avatar (and its thumbnail). */
  readonly avatarUrl?: string | undefined;
}

/**
 * Changes a user's display name and/or avatar for `actor` (the user themself, or a privileged
 * caller; PERMISSION_DENIED for another user, nothing written); NotFoundError for an unknown id.
 */
export async function updateUser(deps: UsersDependencies, actor: Actor, input: UserUpdate): Promise<User> {
  const violations = new FieldViolations();
  checkId(violations, "id", input.id);
  const displayName = input.displayName === undefined ? undefined : normalizeDisplayName(input.displayName);
  if (displayName !== undefined && !displayName.ok) violations.add("display_name", displayName.reason);
  const avatar = input.avatarUrl === undefined ? undefined : parseAvatarUrl(input.avatarUrl);
  if (avatar !== undefined && !avatar.ok) violations.add("avatar_url", avatar.reason);
  violations.throwIfAny();
  requireActingFor(actor, input.id);

  let changes: UserChanges = { updatedAt: deps.now() };
  if (displayName?.ok) changes = { ...changes, displayName: displayName.displayName };
  if (avatar?.ok) changes = { ...changes, ...avatar.avatar };

  const stored =
    displayName === undefined && avatar === undefined
      ? await deps.users.findById(input.id)
      : await deps.users.update(input.id, changes);
  if (stored === undefined) throw new NotFoundError("user", [input.id]);
  return withoutPasswordHash(stored);
}
