import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { UserSchema, UserService, type User as UserMessage } from "@shop/contracts/users/v1";
import { service, type ServiceRegistration } from "@shop/grpc-runtime";
import { withDomainErrors } from "@shop/service-host";
import { batchGetUsers } from "./batch-get-users.js";
import { createUser } from "./create-user.js";
import type { UsersDependencies } from "./dependencies.js";
import { getUser } from "./get-user.js";
import { updateUser } from "./update-user.js";
import type { User } from "./user.js";
import { verifyCredentials } from "./verify-credentials.js";

/**
 * The UserService handlers: protobuf in, use case, protobuf out; the use cases' errors become
 * status codes through the kit's `withDomainErrors`. Nothing else knows protobuf.
 */
export function userRoutes(deps: UsersDependencies): ServiceImpl<typeof UserService> {
  return withDomainErrors(UserService, {
    async getUser(request) {
      return { user: toMessage(await getUser(deps, request.id)) };
    },
    async batchGetUsers(request) {
      const batch = await batchGetUsers(deps, request.ids);
      return { users: batch.users.map(toMessage), missingIds: batch.missingIds };
    },
    async createUser(request) {
      const user = await createUser(deps, {
        email: request.email,
        displayName: request.displayName,
        password: request.password,
      });
      return { user: toMessage(user) };
    },
    async verifyCredentials(request) {
      return { user: toMessage(await verifyCredentials(deps, { email: request.email, password: request.password })) };
    },
    async updateUser(request) {
      const user = await updateUser(deps, {
        id: request.id,
        displayName: request.displayName,
        avatarUrl: request.avatarUrl,
      });
      return { user: toMessage(user) };
    },
  });
}

/** The UserService with its handlers, for the host to serve. */
export function userRegistration(deps: UsersDependencies): ServiceRegistration {
  return service(UserService, userRoutes(deps));
}

function toMessage(user: User): UserMessage {
  return create(UserSchema, {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    avatarThumbnailUrl: user.avatarThumbnailUrl,
    createTime: timestampFromDate(user.createdAt),
    updateTime: timestampFromDate(user.updatedAt),
  });
}
