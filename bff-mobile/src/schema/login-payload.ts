import { login, type LoginResult } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { UserRef } from "./user.js";

const LoginPayloadRef = builder.objectRef<LoginResult>("LoginPayload").implement({
  description: "A short-lived session token and the user it belongs to.",
  fields: (t) => ({
    token: t.exposeString("token", { description: "Send as 'Authorization: Bearer <token>'." }),
    expiresAt: t.string({ description: "ISO-8601, UTC.", resolve: (p) => p.expiresAt.toISOString() }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayloadRef,
    nullable: true,
    description: "Signs in; a wrong email or password is UNAUTHENTICATED (the same answer for both).",
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => login(ctx, args.email, args.password),
  }),
}));
