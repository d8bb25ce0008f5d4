import type { ShopBuilder } from "./shop-builder.js";

/**
 * Registers an error class whose only field is its `message` (`WrongPasswordError`,
 * `EmailTakenError`) as the object type `name`: a member of a mutation's result union.
 */
export function defineMessageError(builder: ShopBuilder, error: new () => Error, type: { readonly name: string; readonly description: string }): void {
  builder.objectType(error, {
    name: type.name,
    description: type.description,
    fields: (t) => ({ message: t.exposeString("message") }),
  });
}
