import { Code } from "@connectrpc/connect";

const NAMES: readonly string[] = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/** The gRPC name of a status code (`0` → `OK`, `Code.NotFound` → `NOT_FOUND`). */
export function statusName(code: Code | 0): string {
  return NAMES[code] ?? `CODE_${code}`;
}

/** Codes that point at the server rather than the caller; logged at error level. */
export function isServerFault(code: Code | 0): boolean {
  return code === Code.Internal || code === Code.Unknown || code === Code.DataLoss || code === Code.Unimplemented;
}
