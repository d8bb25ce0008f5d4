import { isUuidV7 } from "@shop/grpc-runtime/ids";
import type { FieldViolations } from "./field-violations.js";

/** The most ids one batch read takes, in every service (one SQL query answers them). */
export const MAX_BATCH_IDS = 500;

/** Records a violation on `field` unless `id` is a canonical lower-case UUIDv7; returns whether it is. */
export function checkId(violations: FieldViolations, field: string, id: string): boolean {
  if (id === "") {
    violations.add(field, "is required");
    return false;
  }
  if (!isUuidV7(id)) {
    violations.add(field, "must be a lower-case UUIDv7");
    return false;
  }
  return true;
}

/**
 * Checks the ids of a batch read: 1 to {@link MAX_BATCH_IDS} of them (otherwise one violation on
 * `field` and the ids are not looked at), each a UUIDv7 (a violation on `field[i]` each). Returns
 * the ids without duplicates, in order of first appearance.
 */
export function checkBatchIds(violations: FieldViolations, field: string, ids: readonly string[]): string[] {
  if (ids.length === 0) violations.add(field, `must hold 1 to ${MAX_BATCH_IDS} ids`);
  else if (ids.length > MAX_BATCH_IDS) violations.add(field, `must hold at most ${MAX_BATCH_IDS} ids, got ${ids.length}`);
  else ids.forEach((id, i) => checkId(violations, `${field}[${i}]`, id));
  return [...new Set(ids)];
}
