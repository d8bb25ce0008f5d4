import type { RequestContext } from "./request-context.js";

/**
 * The metadata a call made while serving `served` carries: the request id, traceparent and user of
 * that request, and `caller` as x-caller. Every client of this runtime sends exactly these.
 */
export function propagatedHeaders(served: RequestContext | undefined, caller: string | undefined): [string, string][] {
  const headers: [string, string][] = [];
  if (served !== undefined) {
    headers.push(["x-request-id", served.requestId]);
    if (served.traceparent) headers.push(["traceparent", served.traceparent]);
    if (served.userId) headers.push(["x-user-id", served.userId]);
  }
  if (caller) headers.push(["x-caller", caller]);
  return headers;
}

/** The absolute deadline of such a call: its own timeout from now, never later than the request it serves. */
export function propagatedDeadline(timeoutMs: number, served: RequestContext | undefined): number {
  const own = Date.now() + timeoutMs;
  return served?.deadline !== undefined && served.deadline < own ? served.deadline : own;
}
