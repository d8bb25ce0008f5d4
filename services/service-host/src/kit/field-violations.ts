import { InvalidInputError, MAX_REPORTED_VIOLATIONS, type FieldViolation } from "./domain-errors.js";

/**
 * Collects the field violations of one request while it is checked, then throws one
 * {@link InvalidInputError}. Keeps the first {@link MAX_REPORTED_VIOLATIONS} and counts the rest,
 * which are reported as one summary violation ("… and N more").
 */
export class FieldViolations {
  readonly #kept: FieldViolation[] = [];
  #omitted = 0;
  #firstOmittedField = "";

  /** Records that `field` is invalid. */
  add(field: string, description: string): void {
    if (this.#kept.length < MAX_REPORTED_VIOLATIONS) {
      this.#kept.push({ field, description });
      return;
    }
    if (this.#omitted++ === 0) this.#firstOmittedField = field;
  }

  /** How many violations were recorded, reported or not. */
  get size(): number {
    return this.#kept.length + this.#omitted;
  }

  /**
   * What an error reports: the first violations, then, when some were left out, one summary
   * violation on the top-level field of the first one left out.
   */
  get reported(): readonly FieldViolation[] {
    if (this.#omitted === 0) return [...this.#kept];
    return [...this.#kept, { field: topLevelField(this.#firstOmittedField), description: `… and ${this.#omitted} more` }];
  }

  /** Throws {@link InvalidInputError} with the reported violations when anything was recorded. */
  throwIfAny(message?: string): void {
    if (this.size === 0) return;
    throw message === undefined ? new InvalidInputError(this.reported) : new InvalidInputError(this.reported, message);
  }
}

/** `lines[2].quantity` → `lines`. */
function topLevelField(path: string): string {
  const end = path.search(/[.[]/);
  return end <= 0 ? path : path.slice(0, end);
}
