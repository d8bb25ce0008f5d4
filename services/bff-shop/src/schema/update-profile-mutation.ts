import { InvalidInputError } from "../invalid-input-error.js";
import { updateProfile } from "../update-profile.js";
import type { AccountSchemaOptions } from "./account-schema-options.js";
import { spelledWith } from "./display-name-spelling.js";
import type { ShopBuilder } from "./shop-builder.js";

/**
 * `updateProfile(input)`, signed-in only, with `UpdateProfileInput` (a field left out stays as it
 * is); `UpdateProfileResult` is the changed `User` or `InvalidInputError`.
 */
export function defineUpdateProfileMutation(builder: ShopBuilder, options: AccountSchemaOptions): void {
  const { displayNameField } = options;
  const words = options.descriptions.updateProfile;
  const UpdateProfileInputRef = builder.inputType("UpdateProfileInput", {
    description: words.input,
    fields: (t) => ({
      [displayNameField]: t.string({ description: words.displayName }),
      avatarUrl: t.string({ description: words.avatarUrl }),
    }),
  });
  builder.mutationField("updateProfile", (t) =>
    t.withAuth({ authenticated: true }).field({
      type: "User",
      description: words.mutation,
      errors: {
        types: [InvalidInputError],
        union: { name: "UpdateProfileResult", description: "The changed user, or why nothing was changed." },
      },
      args: { input: t.arg({ type: UpdateProfileInputRef, required: true }) },
      resolve: (_root, { input }, ctx) =>
        spelledWith(displayNameField, () => updateProfile(ctx, ctx.viewer, { displayName: input[displayNameField], avatarUrl: input.avatarUrl })),
    }),
  );
}
