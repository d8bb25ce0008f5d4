import type { AccountSchemaOptions } from "./account-schema-options.js";
import { defineChangePasswordMutation } from "./change-password-mutation.js";
import { defineSessionMutations } from "./session-mutations.js";
import { shopBuilderOf, type BffBuilder, type BffSchemaTypes } from "./shop-builder.js";
import { defineSignUpMutation } from "./sign-up-mutation.js";
import { defineUpdateProfileMutation } from "./update-profile-mutation.js";

/**
 * Registers the account mutations on a BFF's builder, in its words: `signUp`, `login`,
 * `refreshSession`, `logout`, `changePassword` and `updateProfile`, with their inputs, result
 * unions and error types. They answer the BFF's own `Session`, `LoginPayload` and `User` types,
 * and their refusals include `InvalidInputError` (`defineInvalidInputError`): the BFF
 * registers those itself.
 */
export function defineAccountSchema<Types extends BffSchemaTypes>(bff: BffBuilder<Types>, options: AccountSchemaOptions): void {
  const builder = shopBuilderOf(bff);
  defineSignUpMutation(builder, options);
  defineSessionMutations(builder, options);
  defineChangePasswordMutation(builder, options);
  defineUpdateProfileMutation(builder, options);
}
