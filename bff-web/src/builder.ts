import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { unauthenticatedError, type BffContext, type Viewer } from "@shop/bff-kit";
import { decodeWebGlobalID } from "./ids.js";

/** The context of a field behind the `authenticated` scope: the request has a viewer. */
export type SignedInContext = BffContext & { readonly viewer: Viewer };

/**
 * The one Pothos builder of the web schema. Context is the shared BFF context (viewer, per-request
 * loaders over the batch RPCs, clients, call options). Fields are non-null unless they say
 * otherwise; every field that needs another service is nullable, so a failing service costs only
 * its own fields.
 *
 * - scope-auth: a field that needs a user says `t.withAuth({ authenticated: true })`; its resolver
 *   then gets a {@link SignedInContext}, and a request without a valid token gets the kit's
 *   UNAUTHENTICATED error (with `extensions.reason`) before the resolver runs.
 * - errors: a mutation lists the error classes it returns as typed results; the success type is
 *   the field's own type (`directResult`), and no error is caught unless it is listed.
 * - relay: global ids, `node`, and forward-only connections (see `paging.ts`).
 */
export const builder = new SchemaBuilder<{
  Context: BffContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: SignedInContext };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({ authenticated: ctx.viewer !== null }),
    unauthorizedError: (_parent, ctx) => unauthenticatedError(ctx.auth),
  },
  errors: { defaultTypes: [], directResult: true },
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
