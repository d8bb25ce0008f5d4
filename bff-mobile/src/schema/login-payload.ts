import type { SessionWithUser } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { sessionTokenFields } from "./session.js";
import { UserRef } from "./user.js";

/** `LoginPayload`: what `login` answers (see account.ts): the `Session` fields, login's own type since before sessions existed. */
builder.objectRef<SessionWithUser>("LoginPayload").implement({
  description: "A short-lived session token, the refresh token that renews it, and the user it belongs to.",
  fields: (t) => ({
    ...sessionTokenFields(t),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});
