import { withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { checkId } from "./id-rules.js";
import { notFound, Violations } from "@shop/grpc-runtime";
import type { User } from "./user.js";

/** One user by id; NOT_FOUND when there is none. */
export async function getUser(deps: UsersDependencies, id: string): Promise<User> {
  const violations = new Violations();
  checkId(violations, "id", id);
  violations.throwIfAny();

  const stored = await deps.users.findById(id);
  if (stored === undefined) throw notFound("user", [id]);
  return withoutPasswordHash(stored);
}
