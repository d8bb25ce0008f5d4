import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { UserSchema, type User, UserService } from "@shop/contracts/users/v1";
import { alreadyExists, invalidArgument, notFound, unauthenticated, type FieldViolation } from "../../src/index.js";

/** Two known users. */
export const ALICE: User = create(UserSchema, {
  id: "0190f5b4-7c2a-7000-8000-000000000001",
  email: "alice@example.com",
  displayName: "Alice",
});
export const BOB: User = create(UserSchema, {
  id: "0190f5b4-7c2a-7000-8000-000000000002",
  email: "bob@example.com",
  displayName: "Bob",
});

/** A small in-memory UserService that exercises every error helper. */
export function fakeUsers(): Partial<ServiceImpl<typeof UserService>> {
  const users = new Map([ALICE, BOB].map((u) => [u.id, u]));
  return {
    getUser(req) {
      const user = users.get(req.id);
      if (!user) throw notFound("user", [req.id]);
      return { user };
    },
    batchGetUsers(req) {
      const found = req.ids.flatMap((id) => users.get(id) ?? []);
      return { users: found, missingIds: req.ids.filter((id) => !users.has(id)) };
    },
    createUser(req) {
      const violations: FieldViolation[] = [];
      if (!req.email.includes("@")) violations.push({ field: "email", description: "must be an email address" });
      if (req.password.length < 8) violations.push({ field: "password", description: "must be at least 8 chars" });
      if (violations.length > 0) throw invalidArgument(violations);
      if ([...users.values()].some((u) => u.email === req.email)) throw alreadyExists("user", req.email);
      if (req.displayName === "boom") throw new Error("database password is hunter2");
      if (req.displayName === "bad") throw invalidArgument([{ field: "display_name", description: "bad" }]);
      const user = create(UserSchema, { id: "0190f5b4-7c2a-7000-8000-000000000003", email: req.email, displayName: req.displayName });
      return { user };
    },
    verifyCredentials() {
      throw unauthenticated("wrong email or password");
    },
  };
}
