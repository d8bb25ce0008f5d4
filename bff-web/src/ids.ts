import { decodeGlobalID } from "@pothos/plugin-relay";
import { codedError } from "@shop/bff-kit";

/** The node types of this schema; any other typename in a global id is bad input. */
const NODE_TYPES = new Set(["Product", "Order", "User"]);

/**
 * The relay plugin's `decodeGlobalID`: a malformed global id, or one of a type this schema does not
 * have, is BAD_USER_INPUT (not INTERNAL).
 */
export function decodeWebGlobalID(globalId: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | undefined;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    decoded = undefined;
  }
  if (!decoded || !NODE_TYPES.has(decoded.typename) || decoded.id === "") {
    throw codedError("BAD_USER_INPUT", { message: "Not a valid id.", extensions: { violations: [{ field: "id", description: "not a global id of this API" }] } });
  }
  return decoded;
}

/** The local id inside a global id of `typename`, or null when it is not one. */
export function localIdOf(globalId: string, typename: string): string | null {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    return actual === typename && id !== "" ? id : null;
  } catch {
    return null;
  }
}
