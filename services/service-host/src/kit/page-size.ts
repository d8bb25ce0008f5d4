import type { FieldViolations } from "./field-violations.js";

/** The page sizes of one list method: what 0 (unset) means and the most a caller may ask for. */
export interface PageSizeRule {
  /** The size used when the request leaves it at 0. */
  readonly fallback: number;
  /** The largest size accepted. */
  readonly max: number;
}

/**
 * Resolves the page size of a list request: 0 means `rule.fallback`, otherwise it must lie in
 * [1, `rule.max`]. Returns the size to use (the fallback after recording a violation on `field`
 * when the value is out of range).
 */
export function checkPageSize(violations: FieldViolations, field: string, value: number, rule: PageSizeRule): number {
  if (value === 0) return rule.fallback;
  if (!Number.isInteger(value) || value < 1 || value > rule.max) {
    violations.add(field, `must be between 1 and ${rule.max} (0 means ${rule.fallback}), got ${value}`);
    return rule.fallback;
  }
  return value;
}
