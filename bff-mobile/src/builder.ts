import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import type { BffContext } from "@shop/bff-kit";

/**
 * The one Pothos builder of the mobile schema. Context is the shared BFF context (viewer, loaders
 * over the batch RPCs, clients, call options). Fields are non-null unless they say otherwise; every
 * field that depends on another service is nullable, so a failing service costs only its fields.
 */
export const builder = new SchemaBuilder<{
  Context: BffContext;
  DefaultFieldNullability: false;
}>({
  plugins: [ErrorsPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
});

builder.queryType({ description: "Reads of the mobile app." });
builder.mutationType({ description: "Writes of the mobile app." });
