/**
 * The errors use cases throw. They name what went wrong in the domain's terms and know nothing
 * about gRPC: `toConnectError` (to-connect-error.ts) turns each into a status code with
 * google.rpc details, in one place for every method of every service.
 */
import type { FieldViolation, PreconditionViolation } from "@shop/grpc-runtime";

/**
 * The most violations (and missing ids) one error reports. A hostile request can hold thousands
 * of bad values; reporting each would grow the answer with the input, and its trailer past what
 * clients accept.
 */
export const MAX_REPORTED_VIOLATIONS = 20;

export type { FieldViolation, PreconditionViolation };

/** Base class of every kit error, so one `instanceof` tells a deliberate outcome from a fault. */
export abstract class DomainError extends Error {}

/** The request itself is wrong (INVALID_ARGUMENT); lists the invalid fields. */
export class InvalidInputError extends DomainError {
  override readonly name: string = "InvalidInputError";
  constructor(
    /** The invalid fields, at least one. */
    readonly violations: readonly FieldViolation[],
    message: string = describeViolations(violations),
  ) {
    super(message);
  }
}

/** Resources that were asked for do not exist (NOT_FOUND); names each of them. */
export class NotFoundError extends DomainError {
  override readonly name: string = "NotFoundError";
  constructor(
    /** Kind of resource, e.g. `product`. */
    readonly resourceType: string,
    /** The ids that were not found, in request order. */
    readonly ids: readonly string[],
    message = `${resourceType} not found: ${listed(ids)}`,
  ) {
    super(message);
  }
}

/**
 * The request is valid but the state of the system does not allow it (FAILED_PRECONDITION).
 * Domain rules that refuse a request (a forbidden status move, a stock shortage, a currency mix)
 * subclass it, so the one mapper answers them all.
 */
export class FailedPreconditionError extends DomainError {
  override readonly name: string = "FailedPreconditionError";
  constructor(
    /** The unmet preconditions, at least one. */
    readonly violations: readonly PreconditionViolation[],
    message: string,
  ) {
    super(message);
  }
}

/** What a request would create exists already (ALREADY_EXISTS); names the clashing resource. */
export class AlreadyExistsError extends DomainError {
  override readonly name: string = "AlreadyExistsError";
  constructor(
    /** Kind of resource, e.g. `user`. */
    readonly resourceType: string,
    /** What clashes, e.g. an email. */
    readonly resourceName: string,
    message = `${resourceType} already exists: ${resourceName}`,
  ) {
    super(message);
  }
}

/**
 * A concurrent change got in the way (ABORTED): nothing was done and retrying the whole operation
 * may succeed. Names the contended resource.
 */
export class ConflictError extends DomainError {
  override readonly name: string = "ConflictError";
  constructor(
    /** Kind of resource, e.g. `order`. */
    readonly resourceType: string,
    /** The contended resource, e.g. its id. */
    readonly resourceName: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller could not be authenticated (UNAUTHENTICATED); carries no details on purpose. */
export class UnauthenticatedError extends DomainError {
  override readonly name: string = "UnauthenticatedError";
}

/** Ids for a message: the first few, then how many more (a message must not grow with the request). */
function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_REPORTED_VIOLATIONS).join(", ");
  return ids.length > MAX_REPORTED_VIOLATIONS ? `${shown} … and ${ids.length - MAX_REPORTED_VIOLATIONS} more` : shown;
}

function describeViolations(violations: readonly FieldViolation[]): string {
  return violations.map((v) => `${v.field}: ${v.description}`).join("; ") || "invalid request";
}
