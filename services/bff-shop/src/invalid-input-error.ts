import type { InputViolation } from "@shop/bff-kit";

/**
 * The input of a mutation was refused, by the BFF before any call or by the service; nothing was
 * changed. Both BFFs return it as the `InvalidInputError` member of a mutation's result union
 * (`PlaceOrderResult`, `SignUpResult`, `ChangePasswordResult`, `UpdateProfileResult`).
 */
export class InvalidInputError extends Error {
  /** What is wrong, with `field` paths in the mutation's spelling ("input.lines[0].quantity"). */
  readonly violations: readonly InputViolation[];

  /** `message` says which input ("The order input is not valid."), for people. */
  constructor(violations: readonly InputViolation[], message = "The order input is not valid.") {
    super(message);
    this.name = "InvalidInputError";
    this.violations = violations;
  }
}
