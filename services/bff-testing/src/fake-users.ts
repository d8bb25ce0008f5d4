import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { UserSchema, type UserService } from "@shop/contracts/users/v1";
import { randomUUID } from "node:crypto";
import type { FakeData } from "./fake-data.js";
import { batchAnswer, checkBatchIds } from "./fake-errors.js";

/** An in-memory UserService over `data.users` and `data.passwords`. */
export function fakeUserService(data: FakeData): ServiceImpl<typeof UserService> {
  const byId = (id: string) => data.users.find((u) => u.id === id);
  return {
    getUser({ id }) {
      const user = byId(id);
      if (!user) throw new ConnectError(`user ${id} not found`, Code.NotFound);
      return { user };
    },
    batchGetUsers({ ids }) {
      checkBatchIds(ids);
      const { found, missing } = batchAnswer(data.users, ids);
      return { users: found, missingIds: missing };
    },
    verifyCredentials({ email, password }) {
      const key = email.toLowerCase();
      const user = data.users.find((u) => u.email === key);
      if (!user || data.passwords.get(key) !== password) {
        throw new ConnectError("wrong email or password", Code.Unauthenticated);
      }
      return { user };
    },
    createUser({ email, displayName, password }) {
      const key = email.toLowerCase();
      if (data.users.some((u) => u.email === key)) throw new ConnectError("email taken", Code.AlreadyExists);
      const user = create(UserSchema, { id: randomUUID(), email: key, displayName, createTime: timestampNow(), updateTime: timestampNow() });
      data.users.push(user);
      data.passwords.set(key, password);
      return { user };
    },
    updateUser({ id, displayName, avatarUrl }) {
      const user = byId(id);
      if (!user) throw new ConnectError(`user ${id} not found`, Code.NotFound);
      if (displayName !== undefined) user.displayName = displayName;
      if (avatarUrl !== undefined) user.avatarUrl = avatarUrl;
      user.updateTime = timestampNow();
      return { user };
    },
  };
}
