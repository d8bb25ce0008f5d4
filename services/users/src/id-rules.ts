import { isUuidV7 } from "@shop/grpc-runtime/ids";
import type { Violations } from "@shop/grpc-runtime";

/** The most ids one batch read accepts. */
export const MAX_BATCH_IDS = 500;
/** The most per-id violations one error lists (a batch of 500 bad ids gets the first few). */
const MAX_REPORTED_ID_VIOLATIONS = 20;

/** Adds a violation for `field` unless `id` is a canonical lower-case UUIDv7. */
export function checkId(violations: Violations, field: string, id: string): void {
  if (id === "") violations.add(field, "is required");
  else if (!isUuidV7(id)) violations.add(field, "must be a lower-case UUIDv7");
}

/** Checks a batch of ids: 1 to 500 of them, each a UUIDv7. */
export function checkIds(violations: Violations, field: string, ids: readonly string[]): void {
  if (ids.length === 0) {
    violations.add(field, `must hold 1 to ${MAX_BATCH_IDS} ids`);
    return;
  }
  if (ids.length > MAX_BATCH_IDS) {
    violations.add(field, `must hold at most ${MAX_BATCH_IDS} ids, got ${ids.length}`);
    return;
  }
  let reported = 0;
  for (const [index, id] of ids.entries()) {
    if (isUuidV7(id)) continue;
    if (reported++ === MAX_REPORTED_ID_VIOLATIONS) {
      violations.add(field, "more ids are invalid");
      break;
    }
    checkId(violations, `${field}[${index}]`, id);
  }
}
