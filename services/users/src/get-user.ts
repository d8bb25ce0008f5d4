import { checkId, FieldViolations, NotFoundError } from "@shop/service-host";
import { withoutPasswordHash } from "./data/user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import type { User } from "./user.js";

/** One user by id; NotFoundError when there is none. */
export async function getUser(deps: Pick<UsersDependencies, "users">, id: string): Promise<User> {
  const violations = new FieldViolations();
  checkId(violations, "id", id);
  violations.throwIfAny();

  const stored = await deps.users.findById(id);
  if (stored === undefined) throw new NotFoundError("user", [id]);
  return withoutPasswordHash(stored);
}
