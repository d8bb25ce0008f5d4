import { changePassword } from "../change-password.js";
import { InvalidInputError } from "../invalid-input-error.js";
import { WrongPasswordError } from "../wrong-password-error.js";
import type { AccountSchemaOptions } from "./account-schema-options.js";
import { defineMessageError } from "./message-error-type.js";
import type { ShopBuilder } from "./shop-builder.js";

/**
 * `changePassword(input)`, signed-in only, with `ChangePasswordInput`; `ChangePasswordResult` is
 * the new `Session`, `WrongPasswordError` or `InvalidInputError`.
 */
export function defineChangePasswordMutation(builder: ShopBuilder, options: AccountSchemaOptions): void {
  defineMessageError(builder, WrongPasswordError, {
    name: "WrongPasswordError",
    description: "The current password is not correct; nothing was changed.",
  });
  const ChangePasswordInputRef = builder.inputType("ChangePasswordInput", {
    fields: (t) => ({
      currentPassword: t.string({ required: true }),
      newPassword: t.string({ required: true, description: "8 to 128 characters." }),
    }),
  });
  builder.mutationField("changePassword", (t) =>
    t.withAuth({ authenticated: true }).field({
      type: "Session",
      description: options.descriptions.changePassword,
      errors: {
        types: [WrongPasswordError, InvalidInputError],
        union: { name: "ChangePasswordResult", description: "The new session, or why the password was not changed." },
      },
      args: { input: t.arg({ type: ChangePasswordInputRef, required: true }) },
      resolve: (_root, { input }, ctx) => changePassword(ctx, ctx.viewer, input, options.client),
    }),
  );
}
