import { isUuidV7 } from "@shop/grpc-runtime/ids";
import type { ViolationList } from "./errors.js";

/** The most ids one batch read accepts. */
export const MAX_BATCH_IDS = 500;

/** Checks that `value` is a UUIDv7; returns whether it is. */
export function checkUuidV7(violations: ViolationList, field: string, value: string): boolean {
  if (value === "") {
    violations.add(field, "is required");
    return false;
  }
  if (!isUuidV7(value)) {
    violations.add(field, "must be a UUIDv7");
    return false;
  }
  return true;
}

/**
 * Resolves a page size: 0 means `fallback`, otherwise it must lie in [1, max].
 * Returns the size to use (the fallback when the value was invalid, after recording why).
 */
export function checkPageSize(violations: ViolationList, field: string, value: number, fallback: number, max: number): number {
  if (value === 0) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    violations.add(field, `must be between 1 and ${max} (0 for the default of ${fallback})`);
    return fallback;
  }
  return value;
}

/** Length in Unicode code points, the way a person (and PostgreSQL's varchar) counts characters. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

// Control characters (NUL above all, which PostgreSQL text cannot hold) are never valid input.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Checks a free-text field: at most `max` code points and no control characters. */
export function checkText(violations: ViolationList, field: string, value: string, max: number): boolean {
  if (codePointLength(value) > max) {
    violations.add(field, `must be at most ${max} characters`);
    return false;
  }
  if (CONTROL_CHARACTER.test(value)) {
    violations.add(field, "must not contain control characters");
    return false;
  }
  return true;
}

const RESERVATION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Checks a caller-chosen reservation id: 1 to 128 characters of [A-Za-z0-9_.:-]. */
export function checkReservationId(violations: ViolationList, field: string, value: string): boolean {
  if (value === "") {
    violations.add(field, "is required");
    return false;
  }
  if (!RESERVATION_ID.test(value)) {
    violations.add(field, "must be 1 to 128 characters of A-Z, a-z, 0-9, _ . : -");
    return false;
  }
  return true;
}
