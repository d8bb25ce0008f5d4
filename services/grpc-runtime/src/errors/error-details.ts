import { ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  PreconditionFailureSchema,
  ResourceInfoSchema,
} from "@shop/contracts/google/rpc/error_details";
import type { FieldViolation, PreconditionViolation } from "./status-errors.js";

/** The field violations carried by an INVALID_ARGUMENT error (empty for anything else). */
export function fieldViolationsOf(error: unknown): FieldViolation[] {
  if (!(error instanceof ConnectError)) return [];
  return error
    .findDetails(BadRequestSchema)
    .flatMap((d) => d.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
}

/** The precondition violations carried by a FAILED_PRECONDITION error. */
export function preconditionViolationsOf(error: unknown): PreconditionViolation[] {
  if (!(error instanceof ConnectError)) return [];
  return error
    .findDetails(PreconditionFailureSchema)
    .flatMap((d) => d.violations.map((v) => ({ type: v.type, subject: v.subject, description: v.description })));
}

/** The ids named by the `ResourceInfo` details of a NOT_FOUND error. */
export function notFoundIdsOf(error: unknown): string[] {
  if (!(error instanceof ConnectError)) return [];
  return error.findDetails(ResourceInfoSchema).map((d) => d.resourceName);
}
