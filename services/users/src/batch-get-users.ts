import { withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { checkIds } from "./id-rules.js";
import { Violations } from "@shop/grpc-runtime";
import type { User } from "./user.js";

/** The answer of a batch read. */
export interface UsersBatch {
  /** The users found, in the order of their first appearance in the request. */
  readonly users: User[];
  /** The requested ids with no user, in request order (each once). */
  readonly missingIds: string[];
}

/** Up to 500 users in one query; duplicates answered once. */
export async function batchGetUsers(deps: UsersDependencies, ids: readonly string[]): Promise<UsersBatch> {
  const violations = new Violations();
  checkIds(violations, "ids", ids);
  violations.throwIfAny();

  const unique = [...new Set(ids)];
  const found = new Map((await deps.users.findByIds(unique)).map((user) => [user.id, user]));
  const users: User[] = [];
  const missingIds: string[] = [];
  for (const id of unique) {
    const stored = found.get(id);
    if (stored === undefined) missingIds.push(id);
    else users.push(withoutPasswordHash(stored));
  }
  return { users, missingIds };
}
