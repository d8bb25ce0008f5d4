import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { unauthenticatedError, type BffContext, type Viewer } from "@shop/bff-kit";

/** The shared BFF context plus what the mobile BFF adds to every request. */
export type MobileContext = BffContext & {
  /** The app version the request's `x-app-version` header names, or null (see app-version.ts). */
  readonly appVersion: string | null;
};

/** The context of a field behind the `authenticated` scope: the request has a viewer. */
export type SignedInContext = MobileContext & { readonly viewer: Viewer };

/**
 * The one Pothos builder of the mobile schema. Context is the shared BFF context (viewer, per-request
 * loaders over the batch RPCs, clients, call options) with the app version. Fields are non-null unless they say
 * otherwise; every field that needs another service is nullable, so a failing service costs only
 * its own fields.
 *
 * - scope-auth: a field that needs a user says `t.withAuth({ authenticated: true })`; its resolver
 *   then gets a {@link SignedInContext}, and a request without a valid token gets the kit's
 *   UNAUTHENTICATED error (with `extensions.reason`) before the resolver runs.
 * - errors: a mutation lists the error classes it returns as typed results; the success type is
 *   the field's own type (`directResult`), and no error is caught unless it is listed.
 */
export const builder = new SchemaBuilder<{
  Context: MobileContext;
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: SignedInContext };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({ authenticated: ctx.viewer !== null }),
    unauthorizedError: (_parent, ctx) => unauthenticatedError(ctx.auth),
  },
  errors: { defaultTypes: [], directResult: true },
});

builder.queryType({ description: "Reads of the mobile app." });
builder.mutationType({ description: "Writes of the mobile app." });
