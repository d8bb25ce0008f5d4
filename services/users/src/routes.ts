import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { UserSchema, UserService, type User as UserMessage } from "@shop/contracts/users/v1";
import { service, type ServiceRegistration } from "@shop/grpc-runtime";
import { EVERY_FIELD, withDomainErrors, type FieldSelection } from "@shop/service-host";
import { batchGetUsers } from "./batch-get-users.js";
import { createUser } from "./create-user.js";
import type { UsersDependencies } from "./dependencies.js";
import { getUser } from "./get-user.js";
import { updateUser } from "./update-user.js";
import type { PartialUser, UserField } from "./user.js";
import { verifyCredentials } from "./verify-credentials.js";

/**
 * The UserService handlers: protobuf in, use case, protobuf out; the use cases' errors become
 * status codes through the kit's `withDomainErrors`. Nothing else knows protobuf.
 */
export function userRoutes(deps: UsersDependencies): ServiceImpl<typeof UserService> {
  return withDomainErrors(UserService, {
    async getUser(request) {
      const { record, fields } = await getUser(deps, { id: request.id, readMask: request.readMask?.paths ?? [] });
      return { user: toMessage(record, fields) };
    },
    async batchGetUsers(request) {
      const batch = await batchGetUsers(deps, request.ids, request.readMask?.paths ?? []);
      return { users: batch.users.map((user) => toMessage(user, batch.fields)), missingIds: batch.missingIds };
    },
    async createUser(request) {
      const user = await createUser(deps, {
        email: request.email,
        displayName: request.displayName,
        password: request.password,
      });
      return { user: toMessage(user, EVERY_FIELD) };
    },
    async verifyCredentials(request) {
      return { user: toMessage(await verifyCredentials(deps, { email: request.email, password: request.password }), EVERY_FIELD) };
    },
    async updateUser(request) {
      const user = await updateUser(deps, {
        id: request.id,
        displayName: request.displayName,
        avatarUrl: request.avatarUrl,
      });
      return { user: toMessage(user, EVERY_FIELD) };
    },
  });
}

/** The UserService with its handlers, for the host to serve. */
export function userRegistration(deps: UsersDependencies): ServiceRegistration {
  return service(UserService, userRoutes(deps));
}

/**
 * The proto form of a user: the id and the fields the read mask selected; every other field
 * keeps its proto default (nothing on the wire), even when the repository read more.
 */
function toMessage(user: PartialUser, fields: FieldSelection<UserField>): UserMessage {
  return create(UserSchema, {
    id: user.id,
    email: fields.pick("email", user.email),
    displayName: fields.pick("display_name", user.displayName),
    avatarUrl: fields.pick("avatar_url", user.avatarUrl),
    avatarThumbnailUrl: fields.pick("avatar_thumbnail_url", user.avatarThumbnailUrl),
    createTime: fields.pick("create_time", user.createdAt && timestampFromDate(user.createdAt)),
    updateTime: fields.pick("update_time", user.updatedAt && timestampFromDate(user.updatedAt)),
  });
}
