import { checkBatchIds, FieldViolations, matchIds } from "@shop/service-host";
import { withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import type { User } from "./user.js";

/** The answer of a batch read. */
export interface UsersBatch {
  /** The users found, in the order of their first appearance in the request. */
  readonly users: User[];
  /** The requested ids with no user, in request order (each once). */
  readonly missingIds: string[];
}

/** Up to MAX_BATCH_IDS users in one query; duplicates answered once. */
export async function batchGetUsers(deps: Pick<UsersDependencies, "users">, ids: readonly string[]): Promise<UsersBatch> {
  const violations = new FieldViolations();
  const unique = checkBatchIds(violations, "ids", ids);
  violations.throwIfAny();

  const { found, missingIds } = matchIds(unique, await deps.users.findByIds(unique));
  return { users: found.map(withoutPasswordHash), missingIds };
}
