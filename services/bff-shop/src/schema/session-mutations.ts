import { logout } from "../logout.js";
import { refreshSession } from "../refresh-session.js";
import { signIn } from "../sign-in.js";
import type { AccountSchemaOptions } from "./account-schema-options.js";
import type { ShopBuilder } from "./shop-builder.js";

/**
 * The public mutations that start, renew and end a session: `login(email, password)` answering
 * `LoginPayload`, `refreshSession(refreshToken)` answering `Session`, `logout(refreshToken)`
 * answering true (also for a session already ended, so it can be retried).
 */
export function defineSessionMutations(builder: ShopBuilder, options: AccountSchemaOptions): void {
  const { client, descriptions } = options;
  const nullable = options.nullableSessionMutations;
  builder.mutationFields((t) => ({
    login: t.field({
      type: "LoginPayload",
      nullable,
      description: descriptions.login,
      args: {
        email: t.arg.string({ required: true }),
        password: t.arg.string({ required: true }),
      },
      resolve: (_root, args, ctx) => signIn(ctx, args, client),
    }),
    refreshSession: t.field({
      type: "Session",
      nullable,
      description: descriptions.refreshSession,
      args: { refreshToken: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => refreshSession(ctx, args.refreshToken),
    }),
    logout: t.field({
      type: "Boolean",
      nullable,
      description: descriptions.logout,
      args: { refreshToken: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => {
        await logout(ctx, args.refreshToken);
        return true;
      },
    }),
  }));
}
