/**
 * Who is calling a gRPC method, as the server established it for one call: the calling process
 * (from its verified client certificate, or, on a server explicitly run in plaintext for local
 * development, from its unverified `x-caller`) and the end user it acts for (from a user token that
 * process signed, never from a bare id).
 */
export interface Principal {
  /** Identity of the calling process: its certificate's common name ("bff-web", "orders", "jobs"). */
  readonly caller: string;
  /** How the caller was established: "mtls" (verified certificate) or "insecure" (claimed, plaintext dev mode). */
  readonly via: "mtls" | "insecure";
  /** The end user the call acts for: the `sub` of a verified user token; absent when none was sent. */
  readonly userId?: string;
  /** The caller may act for any user (an internal job), so user-scoped methods skip the owner check. */
  readonly privileged: boolean;
  /** The caller may speak for end users (a BFF: listed in GRPC_USER_ASSERTERS): sign them in, send their tokens. */
  readonly assertsUsers: boolean;
}

/**
 * For whom a use case acts: one end user (the verified one), or anyone (a privileged caller).
 * Use cases receive it from the handler and compare it with the owner of what they touch.
 */
export type Actor = { readonly kind: "user"; readonly userId: string } | { readonly kind: "privileged"; readonly caller: string };
