import { invalidArgument, type FieldViolation } from "./domain-errors.js";

/** Collects field violations while validating a request, then throws one INVALID_ARGUMENT. */
export class Violations {
  readonly #items: FieldViolation[] = [];

  /** Records that `field` is invalid. */
  add(field: string, description: string): void {
    this.#items.push({ field, description });
  }

  /** Number of violations recorded so far. */
  get size(): number {
    return this.#items.length;
  }

  /** The violations recorded so far. */
  get items(): readonly FieldViolation[] {
    return this.#items;
  }

  /** Throws INVALID_ARGUMENT with a `BadRequest` detail when anything was recorded. */
  throwIfAny(message?: string): void {
    if (this.#items.length > 0) throw invalidArgument(this.#items, message);
  }
}
