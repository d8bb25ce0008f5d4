import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  SessionSchema,
  UserSchema,
  UserService,
  type Session as SessionMessage,
  type User as UserMessage,
} from "@shop/contracts/users/v1";
import { currentActor, requireUserAsserter, service, type ServiceRegistration } from "@shop/grpc-runtime";
import { EVERY_FIELD, withDomainErrors, type FieldSelection } from "@shop/service-host";
import { batchGetUsers } from "./batch-get-users.js";
import { changePassword } from "./change-password.js";
import { createUser } from "./create-user.js";
import type { UsersDependencies } from "./dependencies.js";
import { getUser } from "./get-user.js";
import { refreshSession } from "./refresh-session.js";
import { revokeSession } from "./revoke-session.js";
import type { Session, SessionGrant } from "./session.js";
import { signIn } from "./sign-in.js";
import { signUp } from "./sign-up.js";
import { updateUser } from "./update-user.js";
import type { PartialUser, User, UserField } from "./user.js";
import { verifyCredentials } from "./verify-credentials.js";

/**
 * The UserService handlers: protobuf in, use case, protobuf out; the use cases' errors become
 * status codes through the kit's `withDomainErrors`. Nothing else knows protobuf.
 *
 * Who may call what (the caller as the server authenticated it):
 * - CreateUser, VerifyCredentials, SignUp, SignIn, RefreshSession, RevokeSession act for no user
 *   yet but speak for end users: only callers that may (the BFFs) or privileged ones (internal
 *   jobs), never another domain service (`requireUserAsserter`);
 * - UpdateUser and ChangePassword act for the verified end user only (`currentActor`, compared
 *   with the user id in the use case);
 * - GetUser and BatchGetUsers read public profiles for any authenticated caller.
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
      requireUserAsserter();
      const user = await createUser(deps, {
        email: request.email,
        displayName: request.displayName,
        password: request.password,
      });
      return { user: toMessage(user, EVERY_FIELD) };
    },
    async verifyCredentials(request) {
      requireUserAsserter();
      return { user: toMessage(await verifyCredentials(deps, { email: request.email, password: request.password }), EVERY_FIELD) };
    },
    async updateUser(request) {
      const user = await updateUser(deps, currentActor(), {
        id: request.id,
        displayName: request.displayName,
        avatarUrl: request.avatarUrl,
      });
      return { user: toMessage(user, EVERY_FIELD) };
    },
    async signUp(request) {
      requireUserAsserter();
      const { email, displayName, password, client } = request;
      return signedInMessage(await signUp(deps, { email, displayName, password, client }));
    },
    async signIn(request) {
      requireUserAsserter();
      const { email, password, client } = request;
      return signedInMessage(await signIn(deps, { email, password, client }));
    },
    async refreshSession(request) {
      requireUserAsserter();
      const { session, refreshToken } = await refreshSession(deps, request.refreshToken);
      return { session: toSessionMessage(session), refreshToken };
    },
    async revokeSession(request) {
      requireUserAsserter();
      await revokeSession(deps, request.refreshToken);
      return {};
    },
    async changePassword(request) {
      const { userId, currentPassword, newPassword, client } = request;
      const changed = await changePassword(deps, currentActor(), { userId, currentPassword, newPassword, client });
      return { ...signedInMessage(changed), revokedSessionIds: [...changed.revokedSessionIds] };
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

/** The user, session and refresh token of a sign-in (SignUp, SignIn, ChangePassword) in their proto form. */
function signedInMessage(grant: { readonly user: User } & SessionGrant): { user: UserMessage; session: SessionMessage; refreshToken: string } {
  return { user: toMessage(grant.user, EVERY_FIELD), session: toSessionMessage(grant.session), refreshToken: grant.refreshToken };
}

/** The proto form of a session (never its token hash). */
function toSessionMessage(session: Session): SessionMessage {
  return create(SessionSchema, {
    id: session.id,
    userId: session.userId,
    refreshExpireTime: timestampFromDate(session.refreshExpiresAt),
    expireTime: timestampFromDate(session.expiresAt),
    createTime: timestampFromDate(session.createdAt),
  });
}
