import type { BffContext } from "./context.js";
import { unauthenticatedError } from "./error-codes.js";
import type { Viewer } from "./tokens.js";

/**
 * The signed-in user, or the UNAUTHENTICATED error of {@link unauthenticatedError}. Fields that need
 * a user declare it with the `authenticated` scope instead; this is for code no field scope guards,
 * such as the load function of a type that public fields (`node`) can reach.
 */
export function requireViewer(ctx: Pick<BffContext, "auth" | "viewer">): Viewer {
  if (ctx.viewer) return ctx.viewer;
  throw unauthenticatedError(ctx.auth);
}
