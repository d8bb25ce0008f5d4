import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import RelayPlugin from "@pothos/plugin-relay";
import type { BffContext } from "@shop/platform/bff";

/**
 * The one Pothos builder of the web schema. Context is the shared BFF context (viewer, per-request
 * loaders over the batch RPCs, clients, call options). Fields are non-null unless they say
 * otherwise; every field that needs another service is nullable, so a failing service costs only
 * its own fields.
 */
export const builder = new SchemaBuilder<{
  Context: BffContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodesQueryOptions: false,
    nodeQueryOptions: { description: "Any object by its global id; another user's objects answer null." },
  },
});

builder.queryType({ description: "Reads of the web client." });
builder.mutationType({ description: "Writes of the web client." });
