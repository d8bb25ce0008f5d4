import type { OperationOutcome } from "@shop/grpc-runtime";

/** The parts of a GraphQL result the outcome depends on. */
export interface ResultShape {
  readonly data?: unknown;
  readonly errors?: readonly unknown[] | undefined;
}

/**
 * How one GraphQL operation went: "error" when the HTTP status is 400 or more or the result has
 * errors and no data, "partial" when it has data and errors (a failing service cost some fields),
 * "ok" when it has no error. `result` is undefined when none was seen (then the status decides).
 */
export function operationOutcome(status: number, result: ResultShape | undefined): OperationOutcome {
  if (status >= 400) return "error";
  const failed = result?.errors !== undefined && result.errors.length > 0;
  if (!failed) return "ok";
  return result.data === undefined || result.data === null ? "error" : "partial";
}
