import type { InputViolation } from "@shop/bff-kit";

/**
 * The input of an order was refused, by the BFF before any call or by the orders service; nothing
 * was placed. Both BFFs return it as the `InvalidInputError` member of `PlaceOrderResult`.
 */
export class InvalidInputError extends Error {
  /** What is wrong, with `field` paths in the mutation's spelling ("input.lines[0].quantity"). */
  readonly violations: readonly InputViolation[];

  constructor(violations: readonly InputViolation[]) {
    super("The order input is not valid.");
    this.name = "InvalidInputError";
    this.violations = violations;
  }
}
