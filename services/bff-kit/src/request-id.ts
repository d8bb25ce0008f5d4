import { randomUUID } from "node:crypto";

/** The header that carries the request id in and out of every hop. */
export const REQUEST_ID_HEADER = "x-request-id";

/** 1 to 128 characters that are safe to log and to forward: letters, digits and `-_.:/=+`. */
const SANE_REQUEST_ID = /^[A-Za-z0-9\-_.:/=+]{1,128}$/;

/**
 * The request id to use for one request: the caller's `x-request-id` when it is sane, otherwise a
 * fresh UUID (so a hostile or broken header can neither bloat logs nor inject into them).
 */
export function requestIdFrom(header: string | null | undefined): string {
  if (header && SANE_REQUEST_ID.test(header)) return header;
  return randomUUID();
}

const idsOfRequests = new WeakMap<Request, string>();

/** The request id of one HTTP request, decided once and remembered (same answer every time). */
export function requestIdOf(request: Request): string {
  let id = idsOfRequests.get(request);
  if (id === undefined) {
    id = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    idsOfRequests.set(request, id);
  }
  return id;
}
