/**
 * The errors use cases throw. They know nothing about gRPC; routes.ts turns them into status codes
 * (InvalidInputError → INVALID_ARGUMENT, NotFoundError → NOT_FOUND, ConflictError →
 * FAILED_PRECONDITION). Errors from catalog calls are ConnectErrors already and pass through.
 */

/** One invalid field of a request, named by its proto path (e.g. `lines[2].quantity`). */
export interface FieldProblem {
  /** The proto field path. */
  readonly field: string;
  /** What is wrong with it, for a human. */
  readonly description: string;
}

/** The request itself is wrong; every wrong field is listed. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  constructor(
    /** Every problem found, at least one. */
    readonly problems: readonly FieldProblem[],
    message = "invalid request",
  ) {
    super(message);
  }
}

/** Collects field problems, then throws them all at once. */
export class Problems {
  private readonly list: FieldProblem[] = [];

  add(field: string, description: string): void {
    this.list.push({ field, description });
  }

  get size(): number {
    return this.list.length;
  }

  throwIfAny(message?: string): void {
    if (this.list.length > 0) throw new InvalidInputError([...this.list], message);
  }
}

/** Entities that were asked for do not exist. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    /** "order" or "product". */
    readonly resourceType: string,
    /** The ids that were not found, in request order. */
    readonly ids: readonly string[],
  ) {
    super(`${resourceType} not found: ${ids.join(", ")}`);
  }
}

/** The request is valid but the state of the system does not allow it now. */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  constructor(
    /** What kind of precondition failed, e.g. "RESERVATION". */
    readonly type: string,
    /** What it failed on, e.g. "orders/0190…". */
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}
