import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one incoming request carries through every hop: set by the gRPC server for each call and
 * by a BFF for each GraphQL operation, read by outgoing clients to propagate it as metadata.
 */
export interface RequestContext {
  /** Correlates log lines across services; sent as `x-request-id`. */
  readonly requestId: string;
  /** W3C trace context of the caller, forwarded unchanged; sent as `traceparent`. */
  readonly traceparent?: string;
  /** The end user on whose behalf the request runs; sent as `x-user-id`. */
  readonly userId?: string;
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
