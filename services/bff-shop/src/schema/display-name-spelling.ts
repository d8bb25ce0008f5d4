import { InvalidInputError } from "../invalid-input-error.js";

/**
 * The input field that carries a user's display name: `displayName` as the shared use cases and
 * the web client spell it, `name` in the mobile app.
 */
export type DisplayNameField = "displayName" | "name";

/**
 * Runs a shared use case for an input whose display name field is `displayNameField`, with its
 * refusals in that spelling: the use cases report the display name as "input.displayName", which
 * becomes "input.name" where the input calls it `name`. Anything else is thrown as it is.
 */
export async function spelledWith<T>(displayNameField: DisplayNameField, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof InvalidInputError) || displayNameField === "displayName") throw error;
    const renamed = `input.${displayNameField}`;
    throw new InvalidInputError(
      error.violations.map((v) => (v.field === "input.displayName" ? { ...v, field: renamed } : v)),
      error.message,
    );
  }
}
