import type { SessionWithUser } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { sessionTokenFields } from "./session.js";
import { UserRef } from "./user.js";

/** `LoginPayload`: what `login` answers (see account.ts): the `Session` of a login, under the field names login always had (token, expiresAt). */
builder.objectRef<SessionWithUser>("LoginPayload").implement({
  description: "A session: send the token as 'Authorization: Bearer <token>'; renew it with refreshSession(refreshToken).",
  fields: (t) => ({
    ...sessionTokenFields(t, { token: "token", expiresAt: "expiresAt" }),
    viewer: t.field({
      type: UserRef,
      description: "The user who just signed in.",
      resolve: (p) => p.user,
    }),
  }),
});
