import { readById, type ReadByIdRequest, type SelectedFields } from "@shop/service-host";
import type { UsersDependencies } from "./dependencies.js";
import { USER_FIELDS, type PartialUser, type UserField } from "./user.js";

/** One user by id, read as far as its read mask asks; NotFoundError when there is none. */
export function getUser(
  deps: Pick<UsersDependencies, "users">,
  request: ReadByIdRequest,
): Promise<{ readonly record: PartialUser } & SelectedFields<UserField>> {
  return readById({ type: "user", fields: USER_FIELDS }, request, (ids, fields) => deps.users.findByIds(ids, fields));
}
