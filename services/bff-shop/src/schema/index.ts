export { defineAccountSchema } from "./account-schema.js";
export type { AccountDescriptions, AccountSchemaOptions } from "./account-schema-options.js";
export type { DisplayNameField } from "./display-name-spelling.js";
export { defineInvalidInputError } from "./invalid-input-error-type.js";
export type { BffBuilder, BffSchemaTypes, SchemaTypesOf } from "./shop-builder.js";
