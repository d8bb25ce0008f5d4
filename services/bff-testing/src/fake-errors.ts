import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, PreconditionFailureSchema } from "@shop/contracts/google/rpc/error_details";

/** INVALID_ARGUMENT with a google.rpc.BadRequest naming each field, as the real services answer. */
export function fakeInvalidArgument(violations: readonly { field: string; description: string }[]): ConnectError {
  return new ConnectError("invalid argument", Code.InvalidArgument, undefined, [
    { desc: BadRequestSchema, value: create(BadRequestSchema, { fieldViolations: [...violations] }) },
  ]);
}

/** FAILED_PRECONDITION with a google.rpc.PreconditionFailure. */
export function fakeFailedPrecondition(
  violations: readonly { type: string; subject: string; description: string }[],
  message: string,
): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition, undefined, [
    { desc: PreconditionFailureSchema, value: create(PreconditionFailureSchema, { violations: [...violations] }) },
  ]);
}

/** The BatchGet* id rule of every contract: 1 to 500 ids. */
export function checkBatchIds(ids: readonly string[]): void {
  if (ids.length === 0 || ids.length > 500) {
    throw fakeInvalidArgument([{ field: "ids", description: `1 to 500 ids, got ${ids.length}` }]);
  }
}

/** Splits ids into found records (first appearance order, duplicates once) and missing ids. */
export function batchAnswer<T extends { id: string }>(records: readonly T[], ids: readonly string[]): { found: T[]; missing: string[] } {
  const byId = new Map(records.map((r) => [r.id, r] as const));
  const found: T[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const record = byId.get(id);
    if (record) found.push(record);
    else missing.push(id);
  }
  return { found, missing };
}

/** Opaque page tokens of the fakes: the offset, base64url-encoded. */
export function pageOffset(token: string): number {
  if (token === "") return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0) throw fakeInvalidArgument([{ field: "page_token", description: "not a token from this service" }]);
  return offset;
}

export function pageToken(offset: number, total: number): string {
  return offset < total ? Buffer.from(String(offset), "utf8").toString("base64url") : "";
}

export function pageSize(size: number, fallback: number, max: number): number {
  if (size < 0 || size > max) throw fakeInvalidArgument([{ field: "page_size", description: `0 to ${max}` }]);
  return size === 0 ? fallback : size;
}
