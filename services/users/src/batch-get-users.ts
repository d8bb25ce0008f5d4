import { checkBatchIds, FieldViolations, matchIds, parseReadMask, type SelectedFields } from "@shop/service-host";
import type { UsersDependencies } from "./dependencies.js";
import { USER_FIELDS, type PartialUser, type UserField } from "./user.js";

/** The answer of a batch read. */
export interface UsersBatch extends SelectedFields<UserField> {
  /** The users found, in the order of their first appearance in the request. */
  readonly users: PartialUser[];
  /** The requested ids with no user, in request order (each once). */
  readonly missingIds: string[];
}

/** Up to MAX_BATCH_IDS users in one query, read as far as the read mask asks (`readMask` empty: every field); duplicates answered once. */
export async function batchGetUsers(
  deps: Pick<UsersDependencies, "users">,
  ids: readonly string[],
  readMask: readonly string[],
): Promise<UsersBatch> {
  const violations = new FieldViolations();
  const unique = checkBatchIds(violations, "ids", ids);
  const fields = parseReadMask(readMask, USER_FIELDS, violations);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(unique, await deps.users.findByIds(unique, fields));
  return { users: found, missingIds, fields };
}
