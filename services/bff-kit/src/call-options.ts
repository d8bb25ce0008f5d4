import { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
import { endUserValues } from "@shop/grpc-runtime";
import type { Deadline } from "./deadline.js";
import { REQUEST_ID_HEADER } from "./request-id.js";

/** What every downstream call of one request carries. */
export interface CallScope {
  /** Sent as `x-request-id`. */
  readonly requestId: string;
  /** W3C trace context of the request: its operation span's, or the caller's when not tracing. */
  readonly traceparent?: string;
  /**
   * The signed-in user. It goes with each call as its `END_USER` context value, which the gRPC
   * transport turns into an `x-user-token` signed with this BFF's TLS key (unsigned in plaintext
   * development mode): a service believes a user only from the process that vouches for it.
   */
  readonly userId?: string;
  /** This BFF's name, sent as `x-caller` (e.g. "bff-web"). */
  readonly caller: string;
  /** The request's budget; each call gets what remains. */
  readonly deadline: Deadline;
  /** Aborts every call when the HTTP request goes away. */
  readonly signal?: AbortSignal;
}

/**
 * Connect call options for the next RPC of a request: the remaining budget as `timeoutMs`, the
 * request's headers and the signed-in user as the call's `END_USER`. `traceparent` replaces the
 * request's for this call (a DataLoader batch's span, so the call's client span is the batch's
 * child). Throws DEADLINE_EXCEEDED (without calling anything) once the budget is spent.
 */
export function callOptionsFor(scope: CallScope, traceparent: string | undefined = scope.traceparent): CallOptions {
  const remaining = scope.deadline.remainingMs();
  if (remaining <= 0) {
    throw new ConnectError("request deadline budget spent before the call", Code.DeadlineExceeded);
  }
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: scope.requestId, "x-caller": scope.caller };
  if (traceparent) headers["traceparent"] = traceparent;
  return {
    timeoutMs: remaining,
    headers,
    ...(scope.signal ? { signal: scope.signal } : {}),
    ...(scope.userId ? { contextValues: endUserValues(scope.userId) } : {}),
  };
}
