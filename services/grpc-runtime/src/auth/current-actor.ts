import { Code, ConnectError } from "@connectrpc/connect";
import { currentRequestContext } from "../context/request-context.js";
import type { Actor, Principal } from "./principal.js";

// What a handler or use case asks of the call it serves: who calls, for whom it acts, and whether
// that may touch what a given user owns. (The types live in principal.ts, which the request
// context imports: this file imports the request context, so the two stay apart.)

/** The principal of the call being served, or undefined outside of one (or on a server without authentication). */
export function currentPrincipal(): Principal | undefined {
  return currentRequestContext()?.principal;
}

/**
 * The actor of the call being served. PERMISSION_DENIED when a non-privileged caller sent no user
 * token: a user-scoped method has nobody to act for. Outside of a call or on a server started
 * without authentication (in-process tests) the actor is privileged.
 */
export function currentActor(): Actor {
  const principal = currentPrincipal();
  if (principal === undefined) return { kind: "privileged", caller: "unauthenticated-server" };
  if (principal.privileged) return { kind: "privileged", caller: principal.caller };
  if (principal.userId === undefined) {
    throw new ConnectError(`caller "${principal.caller}" sent no end-user token for a user-scoped method`, Code.PermissionDenied);
  }
  return { kind: "user", userId: principal.userId };
}

/** PERMISSION_DENIED unless `actor` may act for `userId` (it is that user, or privileged). */
export function requireActingFor(actor: Actor, userId: string): void {
  if (actor.kind === "privileged" || actor.userId === userId) return;
  throw new ConnectError("the verified end user may not act for another user", Code.PermissionDenied);
}

/** True when `actor` may see or change what `ownerId` owns. */
export function mayActFor(actor: Actor, ownerId: string): boolean {
  return actor.kind === "privileged" || actor.userId === ownerId;
}

/**
 * PERMISSION_DENIED unless the caller may speak for end users (a BFF) or is privileged: for the
 * methods that sign users in or up. No principal (in-process test servers): allowed.
 */
export function requireUserAsserter(): void {
  const principal = currentPrincipal();
  if (principal === undefined || principal.privileged || principal.assertsUsers) return;
  throw new ConnectError(`caller "${principal.caller}" may not start or end end-user sessions`, Code.PermissionDenied);
}
