import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import RelayPlugin from "@pothos/plugin-relay";
import { codedError, type BffContext } from "@shop/bff-kit";
import { decodeGlobalID } from "@pothos/plugin-relay";

/**
 * The one Pothos builder of the web schema. Context is the shared BFF context (viewer, per-request
 * loaders over the batch RPCs, clients, call options). Fields are non-null unless they say
 * otherwise; every field that needs another service is nullable, so a failing service costs only
 * its own fields.
 */
/** The node types of this schema; any other typename in a global id is bad input. */
const NODE_TYPES = new Set(["Product", "Order", "User"]);

/** A malformed global id, or one of a type this schema does not have, is BAD_USER_INPUT (not INTERNAL). */
function decodeWebGlobalID(globalId: string): { typename: string; id: string } {
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

export const builder = new SchemaBuilder<{
  Context: BffContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    decodeGlobalID: decodeWebGlobalID,
    clientMutationId: "omit",
    cursorType: "String",
    nodesQueryOptions: false,
    nodeQueryOptions: { description: "Any object by its global id; another user's objects answer null." },
  },
});

builder.queryType({ description: "Reads of the web client." });
builder.mutationType({ description: "Writes of the web client." });
