import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceInfoSchema } from "@shop/contracts/google/rpc/error_details";
import { alreadyExists, failedPrecondition, invalidArgument, notFound, unauthenticated } from "@shop/grpc-runtime";
import {
  AlreadyExistsError,
  ConflictError,
  DomainError,
  FailedPreconditionError,
  InvalidInputError,
  MAX_REPORTED_VIOLATIONS,
  NotFoundError,
  UnauthenticatedError,
  type FieldViolation,
  type PreconditionViolation,
} from "./domain-errors.js";
import { FieldViolations } from "./field-violations.js";

/**
 * The status a caller sees for a kit error, with its google.rpc details:
 *
 * | kit error                  | code                | details                               |
 * |----------------------------|---------------------|---------------------------------------|
 * | InvalidInputError          | INVALID_ARGUMENT    | BadRequest (one field violation each) |
 * | NotFoundError              | NOT_FOUND           | ResourceInfo per missing id           |
 * | FailedPreconditionError    | FAILED_PRECONDITION | PreconditionFailure                   |
 * | AlreadyExistsError         | ALREADY_EXISTS      | ResourceInfo                          |
 * | ConflictError              | ABORTED             | ResourceInfo                          |
 * | UnauthenticatedError       | UNAUTHENTICATED     | none                                  |
 *
 * At most {@link MAX_REPORTED_VIOLATIONS} violations or missing ids are reported (further ones
 * are summed up, as `FieldViolations` does), so no answer grows with the request.
 * Anything else is returned as it is: a ConnectError (e.g. from a call to another service) passes
 * through, and the server answers any other error as INTERNAL without its message.
 */
export function toConnectError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error instanceof InvalidInputError) return invalidArgument(boundedFieldViolations(error.violations), error.message);
  if (error instanceof NotFoundError) return notFound(error.resourceType, error.ids.slice(0, MAX_REPORTED_VIOLATIONS), error.message);
  if (error instanceof FailedPreconditionError) return failedPrecondition(boundedPreconditions(error.violations), error.message);
  if (error instanceof AlreadyExistsError) return alreadyExists(error.resourceType, error.resourceName, error.message);
  if (error instanceof ConflictError) {
    return new ConnectError(error.message, Code.Aborted, undefined, [
      { desc: ResourceInfoSchema, value: { resourceType: error.resourceType, resourceName: error.resourceName } },
    ]);
  }
  if (error instanceof UnauthenticatedError) return unauthenticated(error.message);
  return error;
}

/** Violations of an InvalidInputError made without `FieldViolations`, bounded by the same rule. */
function boundedFieldViolations(violations: readonly FieldViolation[]): readonly FieldViolation[] {
  if (violations.length <= MAX_REPORTED_VIOLATIONS + 1) return violations;
  const bounded = new FieldViolations();
  for (const v of violations) bounded.add(v.field, v.description);
  return bounded.reported;
}

function boundedPreconditions(violations: readonly PreconditionViolation[]): readonly PreconditionViolation[] {
  if (violations.length <= MAX_REPORTED_VIOLATIONS) return violations;
  const omitted = violations.length - MAX_REPORTED_VIOLATIONS;
  const first = violations[MAX_REPORTED_VIOLATIONS]!;
  return [...violations.slice(0, MAX_REPORTED_VIOLATIONS), { type: first.type, subject: "…", description: `… and ${omitted} more` }];
}
