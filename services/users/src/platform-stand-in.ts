// TEMPORARY local stand-in for the error helpers documented in services/platform/README.md, used
// only until `@shop/platform` is committed; then every import of this file moves to
// "@shop/platform" and the file is deleted. Same names, same signatures, same wire details.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  BadRequest_FieldViolationSchema,
  ResourceInfoSchema,
} from "@shop/platform/contracts/google/rpc/error_details";

export interface FieldViolation {
  field: string;
  description: string;
}

export function invalidArgument(violations: FieldViolation[], message = "invalid argument"): ConnectError {
  const detail = create(BadRequestSchema, {
    fieldViolations: violations.map((v) => create(BadRequest_FieldViolationSchema, v)),
  });
  return new ConnectError(message, Code.InvalidArgument, undefined, [{ desc: BadRequestSchema, value: detail }]);
}

export function notFound(resourceType: string, ids: string[], message = `${resourceType} not found`): ConnectError {
  return new ConnectError(
    message,
    Code.NotFound,
    undefined,
    ids.map((id) => ({ desc: ResourceInfoSchema, value: create(ResourceInfoSchema, { resourceType, resourceName: id }) })),
  );
}

export function alreadyExists(resourceType: string, name: string, message = `${resourceType} already exists`): ConnectError {
  return new ConnectError(message, Code.AlreadyExists, undefined, [
    { desc: ResourceInfoSchema, value: create(ResourceInfoSchema, { resourceType, resourceName: name }) },
  ]);
}

export function unauthenticated(message = "unauthenticated"): ConnectError {
  return new ConnectError(message, Code.Unauthenticated);
}

export function fieldViolationsOf(error: unknown): FieldViolation[] {
  const connectError = ConnectError.from(error);
  return connectError
    .findDetails(BadRequestSchema)
    .flatMap((d) => d.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
}

export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, description: string): void {
    this.list.push({ field, description });
  }
  get size(): number {
    return this.list.length;
  }
  throwIfAny(message?: string): void {
    if (this.list.length > 0) throw invalidArgument([...this.list], message);
  }
}
