// Type-only imports: they add `withAuth` (scope-auth) and the `errors` field option (errors) to
// Pothos's builder types. Nothing of them is loaded at run time; each BFF installs the plugins.
import type {} from "@pothos/plugin-errors";
import type {} from "@pothos/plugin-scope-auth";
import type { BffContext, Viewer } from "@shop/bff-kit";
import type { User } from "@shop/contracts/users/v1";
import type { Session, SessionWithUser } from "../session.js";

/**
 * What every BFF's Pothos builder has in common, and all the shared definitions rely on: a context
 * that is (at least) the shared `BffContext`, the `authenticated` scope whose resolvers see a
 * viewer, and fields that are non-null unless they say otherwise.
 */
type CommonTypes = {
  Context: BffContext;
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: BffContext & { readonly viewer: Viewer } };
  DefaultFieldNullability: false;
};

/** {@link CommonTypes} completed with Pothos's defaults: what a BFF's builder types must extend. */
export type BffSchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<CommonTypes>;

/**
 * The builder as the shared definitions write against it: {@link CommonTypes} plus the object
 * types they name without defining them, because each BFF shapes them its own way (`Session`,
 * `LoginPayload`, `User`). A BFF that uses a definition must define the types it names (building
 * the schema fails otherwise).
 */
export type ShopBuilder = PothosSchemaTypes.SchemaBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<CommonTypes & { Objects: { Session: Session; LoginPayload: SessionWithUser; User: User } }>
>;

/** A BFF's own builder: its types must include {@link BffSchemaTypes} (a wider context is fine). */
export type BffBuilder<Types extends BffSchemaTypes> = PothosSchemaTypes.SchemaBuilder<Types>;

/**
 * `builder` seen as a {@link ShopBuilder}. Pothos's field helpers resolve their types through
 * conditional types that TypeScript cannot evaluate over a generic builder, so the shared
 * definitions are written against one concrete set of types, and each BFF's builder is converted
 * here. The constraint on `Types` is what keeps the conversion honest: a BFF's context extends
 * `BffContext` (resolvers written for it get at least that), and its nullability default and
 * `authenticated` scope are the ones the definitions assume.
 */
export function shopBuilderOf<Types extends BffSchemaTypes>(builder: BffBuilder<Types>): ShopBuilder {
  return builder as unknown as ShopBuilder;
}

/** The schema types of a builder (`SchemaTypesOf<typeof builder>`), for helpers typed against one BFF's builder. */
export type SchemaTypesOf<Builder> = Builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
