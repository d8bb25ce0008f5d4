import { isUuidV7 } from "@shop/grpc-runtime/ids";
import type { Problems } from "./errors.js";

/** The most ids a batch read takes. */
export const MAX_BATCH_IDS = 500;

/** Adds a problem unless `value` is a UUIDv7. */
export function checkUuid(problems: Problems, field: string, value: string): void {
  if (value === "") problems.add(field, "required");
  else if (!isUuidV7(value)) problems.add(field, "must be a lower-case UUIDv7");
}

/** Validates 1..500 UUIDv7 ids under `field` and returns them without duplicates, in first-appearance order. */
export function checkBatchIds(problems: Problems, field: string, ids: readonly string[]): string[] {
  if (ids.length === 0) problems.add(field, "at least one id is required");
  else if (ids.length > MAX_BATCH_IDS) problems.add(field, `at most ${MAX_BATCH_IDS} ids, got ${ids.length}`);
  else ids.forEach((id, i) => checkUuid(problems, `${field}[${i}]`, id));
  return [...new Set(ids)];
}

/** Page size rule of every list: 0 means `fallback`, else 1..`max`. Returns the size to use. */
export function checkPageSize(problems: Problems, field: string, value: number, fallback: number, max: number): number {
  if (value === 0) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    problems.add(field, `must be between 1 and ${max} (0 means ${fallback}), got ${value}`);
    return fallback;
  }
  return value;
}
