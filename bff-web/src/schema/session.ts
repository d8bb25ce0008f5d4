import type { FieldMap } from "@pothos/core";
import type { Session } from "@shop/bff-shop";
import type { SchemaTypesOf } from "@shop/bff-shop/schema";
import { builder } from "../builder.js";
import { DateTimeRef } from "./date-time.js";
import { UserRef } from "./user.js";

/**
 * The token fields of `Session` and `LoginPayload`: the same four in both, with the access token's
 * two under the names each type gives them.
 */
export function sessionTokenFields(
  t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypesOf<typeof builder>, Session>,
  names: { readonly token: string; readonly expiresAt: string },
): FieldMap {
  return {
    [names.token]: t.exposeString("accessToken", { description: "Short-lived JWT (minutes)." }),
    [names.expiresAt]: t.field({ type: DateTimeRef, resolve: (s) => s.accessTokenExpiresAt }),
    refreshToken: t.exposeString("refreshToken", { description: "Opaque; works once. Keep it secret: it renews the session." }),
    refreshTokenExpiresAt: t.field({
      type: DateTimeRef,
      description: "When refreshToken stops working unless used before; the session ends then.",
      resolve: (s) => s.refreshTokenExpiresAt,
    }),
  };
}

/** `Session`: what signUp, refreshSession and changePassword answer (see account.ts). */
builder.objectRef<Session>("Session").implement({
  description:
    "A signed-in session: send accessToken as 'Authorization: Bearer <accessToken>'; before it expires, trade refreshToken for a new session with refreshSession.",
  fields: (t) => ({
    ...sessionTokenFields(t, { token: "accessToken", expiresAt: "accessTokenExpiresAt" }),
    viewer: t.field({
      type: UserRef,
      nullable: true,
      description: "The user the session belongs to.",
      resolve: (s, _args, ctx) => s.user ?? ctx.loaders.users.load(s.userId),
    }),
  }),
});
