import { decodeGlobalID } from "@pothos/plugin-relay";

/** The local id inside a global id of `typename`, or null when it is not one. */
export function localIdOf(globalId: string, typename: string): string | null {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    return actual === typename && id !== "" ? id : null;
  } catch {
    return null;
  }
}
