import type { FieldMap } from "@pothos/core";
import type { Session } from "@shop/bff-shop";
import type { SchemaTypesOf } from "@shop/bff-shop/schema";
import { builder } from "../builder.js";
import { UserRef } from "./user.js";

/** The token fields of `Session` and `LoginPayload` (the same four in both). */
export function sessionTokenFields(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypesOf<typeof builder>, Session>): FieldMap {
  return {
    token: t.exposeString("accessToken", { description: "Send as 'Authorization: Bearer <token>'; short-lived (minutes)." }),
    expiresAt: t.string({ description: "When token expires, ISO-8601 in UTC.", resolve: (s) => s.accessTokenExpiresAt.toISOString() }),
    refreshToken: t.exposeString("refreshToken", { description: "Works once: trade it with refreshSession before refreshExpiresAt; keep it in secure storage." }),
    refreshExpiresAt: t.string({
      description: "When refreshToken stops working unless used before, ISO-8601 in UTC.",
      resolve: (s) => s.refreshTokenExpiresAt.toISOString(),
    }),
  };
}

/** `Session`: what signUp, refreshSession and changePassword answer (see account.ts), in login's compact shape. */
builder.objectRef<Session>("Session").implement({
  description: "A session: send token as 'Authorization: Bearer <token>'; before it expires, trade refreshToken for a new session.",
  fields: (t) => ({
    ...sessionTokenFields(t),
    user: t.field({ type: UserRef, nullable: true, resolve: (s) => s.user ?? s.userId }),
  }),
});
