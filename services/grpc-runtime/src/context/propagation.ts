import type { RequestContext } from "./request-context.js";

/**
 * The metadata a call made while serving `served` carries: the request id and traceparent of that
 * request, and `caller` as x-caller. Every client of this runtime sends exactly these. The end
 * user is not forwarded: a user token is good only from the process that signed it, so a service
 * calling another one acts as itself (a BFF attaches its own signed token per call instead).
 */
export function propagatedHeaders(served: RequestContext | undefined, caller: string | undefined): [string, string][] {
  const headers: [string, string][] = [];
  if (served !== undefined) {
    headers.push(["x-request-id", served.requestId]);
    if (served.traceparent) headers.push(["traceparent", served.traceparent]);
  }
  if (caller) headers.push(["x-caller", caller]);
  return headers;
}

/** The absolute deadline of such a call: its own timeout from now, never later than the request it serves. */
export function propagatedDeadline(timeoutMs: number, served: RequestContext | undefined): number {
  const own = Date.now() + timeoutMs;
  return served?.deadline !== undefined && served.deadline < own ? served.deadline : own;
}
