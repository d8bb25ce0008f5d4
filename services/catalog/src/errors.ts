import type { StockShortage } from "./domain/reservation.js";

/** One invalid field of a request; `field` is the proto path, e.g. `lines[2].quantity`. */
export interface Violation {
  readonly field: string;
  readonly description: string;
}

/** The request is malformed: answered INVALID_ARGUMENT with one field violation each. */
export class ValidationError extends Error {
  constructor(readonly violations: readonly Violation[], message = "invalid request") {
    super(message);
    this.name = "ValidationError";
  }
}

/** Entities that do not exist: answered NOT_FOUND naming them. */
export class NotFoundError extends Error {
  constructor(readonly resourceType: string, readonly ids: readonly string[]) {
    super(`${resourceType} not found: ${ids.join(", ")}`);
    this.name = "NotFoundError";
  }
}

/** Some products cannot cover their lines: answered FAILED_PRECONDITION naming each product. */
export class OutOfStockError extends Error {
  constructor(readonly shortages: readonly StockShortage[]) {
    super(`not enough stock for ${shortages.map((s) => s.productId).join(", ")}`);
    this.name = "OutOfStockError";
  }
}

/** Collects violations while a request is checked, then throws them all at once. */
export class ViolationList {
  readonly #items: Violation[] = [];

  add(field: string, description: string): void {
    this.#items.push({ field, description });
  }

  get size(): number {
    return this.#items.length;
  }

  throwIfAny(): void {
    if (this.#items.length > 0) throw new ValidationError([...this.#items]);
  }
}
