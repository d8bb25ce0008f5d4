import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  PreconditionFailureSchema,
  ResourceInfoSchema,
} from "@shop/contracts/google/rpc/error_details";

/** One invalid field of a request; becomes a `google.rpc.BadRequest.FieldViolation`. */
export interface FieldViolation {
  /** Path of the field, e.g. `lines[2].quantity`. */
  readonly field: string;
  /** What is wrong with it, for a developer. */
  readonly description: string;
}

/** One unmet precondition; becomes a `google.rpc.PreconditionFailure.Violation`. */
export interface PreconditionViolation {
  /** Kind of precondition, e.g. `STOCK`. */
  readonly type: string;
  /** What it is about, e.g. a product id. */
  readonly subject: string;
  /** What is wrong, for a developer. */
  readonly description: string;
}

/** INVALID_ARGUMENT with a `BadRequest` detail listing every violation. */
export function invalidArgument(violations: readonly FieldViolation[], message?: string): ConnectError {
  const text = message ?? violations.map((v) => `${v.field}: ${v.description}`).join("; ");
  return new ConnectError(text || "invalid argument", Code.InvalidArgument, undefined, [
    {
      desc: BadRequestSchema,
      value: { fieldViolations: violations.map((v) => ({ field: v.field, description: v.description })) },
    },
  ]);
}

/** NOT_FOUND with one `ResourceInfo` detail per missing id. */
export function notFound(resourceType: string, ids: readonly string[], message?: string): ConnectError {
  const text = message ?? `${resourceType} not found: ${ids.join(", ")}`;
  return new ConnectError(
    text,
    Code.NotFound,
    undefined,
    ids.map((id) => ({ desc: ResourceInfoSchema, value: { resourceType, resourceName: id } })),
  );
}

/** ALREADY_EXISTS with a `ResourceInfo` detail naming the clashing resource. */
export function alreadyExists(resourceType: string, name: string, message?: string): ConnectError {
  return new ConnectError(message ?? `${resourceType} already exists: ${name}`, Code.AlreadyExists, undefined, [
    { desc: ResourceInfoSchema, value: { resourceType, resourceName: name } },
  ]);
}

/** FAILED_PRECONDITION with a `PreconditionFailure` detail. */
export function failedPrecondition(violations: readonly PreconditionViolation[], message: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition, undefined, [
    {
      desc: PreconditionFailureSchema,
      value: {
        violations: violations.map((v) => ({ type: v.type, subject: v.subject, description: v.description })),
      },
    },
  ]);
}

/** UNAUTHENTICATED, with no details (never say which of email or password was wrong). */
export function unauthenticated(message = "unauthenticated"): ConnectError {
  return new ConnectError(message, Code.Unauthenticated);
}
