import { login, type LoginResult } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { DateTimeRef } from "./date-time.js";
import { UserRef } from "./user.js";

const LoginPayloadRef = builder.objectRef<LoginResult>("LoginPayload").implement({
  description: "A session: send the token as 'Authorization: Bearer <token>'.",
  fields: (t) => ({
    token: t.exposeString("token", { description: "Short-lived JWT." }),
    expiresAt: t.field({ type: DateTimeRef, resolve: (p) => p.expiresAt }),
    viewer: t.field({ type: UserRef, description: "The user who just signed in.", resolve: (p) => p.user }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayloadRef,
    description: "Signs in with email and password. UNAUTHENTICATED, with one message, for any wrong pair.",
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => login(ctx, args.email, args.password),
  }),
}));
