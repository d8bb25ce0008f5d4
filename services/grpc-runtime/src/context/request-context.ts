import { AsyncLocalStorage } from "node:async_hooks";
import type { Span } from "@opentelemetry/api";
import type { Principal } from "../auth/principal.js";

/**
 * What one incoming request carries through every hop: set by the gRPC server for each call and
 * by a BFF for each GraphQL operation, read by outgoing clients to propagate it as metadata.
 */
export interface RequestContext {
  /** Correlates log lines across services; sent as `x-request-id`. */
  readonly requestId: string;
  /**
   * W3C trace context of the work being done for this request: the server span's when this
   * process traces it, else the caller's forwarded unchanged. Sent as `traceparent` (the client
   * transport makes its own client span a child of it) and written to every log line.
   */
  readonly traceparent?: string;
  /** The span of this request in this process (the server span), parent of the spans it starts (database work). */
  readonly span?: Span;
  /** The end user on whose behalf the request runs (verified on a server: `principal.userId`); for logs. */
  readonly userId?: string;
  /** Who called, as the gRPC server authenticated it; absent outside of a served call. */
  readonly principal?: Principal;
  /** The service or BFF that made the call (`x-caller` of the incoming call). */
  readonly caller?: string;
  /** Absolute deadline of the whole request in epoch ms; outgoing calls never outlive it. */
  readonly deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, or undefined outside of one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it awaits) with `ctx` as the current request context. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
