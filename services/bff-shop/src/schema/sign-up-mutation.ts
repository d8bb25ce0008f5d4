import { EmailTakenError } from "../email-taken-error.js";
import { InvalidInputError } from "../invalid-input-error.js";
import { signUp, type SignUpRequest } from "../sign-up.js";
import type { AccountSchemaOptions } from "./account-schema-options.js";
import { spelledWith } from "./display-name-spelling.js";
import { defineMessageError } from "./message-error-type.js";
import type { ShopBuilder } from "./shop-builder.js";

/**
 * `signUp(input)`, public, with `SignUpInput`; `SignUpResult` is the new account's `Session`,
 * `EmailTakenError` or `InvalidInputError`.
 */
export function defineSignUpMutation(builder: ShopBuilder, options: AccountSchemaOptions): void {
  const { displayNameField } = options;
  const words = options.descriptions.signUp;
  defineMessageError(builder, EmailTakenError, {
    name: "EmailTakenError",
    description: "An account with this email already exists; nothing was created.",
  });
  const SignUpInputRef = builder.inputType("SignUpInput", {
    fields: (t) => ({
      email: t.string({ required: true, description: words.email }),
      [displayNameField]: t.string({ required: true, description: words.displayName }),
      password: t.string({ required: true, description: "8 to 128 characters." }),
    }),
  });
  builder.mutationField("signUp", (t) =>
    t.field({
      type: "Session",
      description: words.mutation,
      errors: {
        types: [EmailTakenError, InvalidInputError],
        union: { name: "SignUpResult", description: "The new account's session, or why it was not created." },
      },
      args: { input: t.arg({ type: SignUpInputRef, required: true }) },
      resolve: (_root, { input }, ctx) => {
        // Pothos types the fields of a map with a computed key as optional; all three are required
        // in SignUpInput, so GraphQL has refused any request without them before this runs.
        const request = { email: input.email, displayName: input[displayNameField], password: input.password } as SignUpRequest;
        return spelledWith(displayNameField, () => signUp(ctx, request, options.client));
      },
    }),
  );
}
