import type { FieldViolations } from "@shop/service-host";

/** Length in Unicode code points, the way a person (and PostgreSQL's varchar) counts characters. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

// Control characters (NUL above all, which PostgreSQL text cannot hold) are never valid input.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Checks a free-text field: at most `max` code points and no control characters. */
export function checkText(violations: FieldViolations, field: string, value: string, max: number): boolean {
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
export function checkReservationId(violations: FieldViolations, field: string, value: string): boolean {
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
