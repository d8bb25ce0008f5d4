import type { InputViolation } from "@shop/bff-kit";
import { InvalidInputError } from "../invalid-input-error.js";
import { shopBuilderOf, type BffBuilder, type BffSchemaTypes } from "./shop-builder.js";

/**
 * Registers `InvalidInputError` (with its `FieldViolation`s) on a BFF's builder: the member of
 * every mutation result whose input the BFF or a service can refuse, the same in every BFF.
 */
export function defineInvalidInputError<Types extends BffSchemaTypes>(bff: BffBuilder<Types>): void {
  const builder = shopBuilderOf(bff);
  const FieldViolationRef = builder.objectRef<InputViolation>("FieldViolation").implement({
    description: "One thing wrong with the input.",
    fields: (t) => ({
      field: t.exposeString("field", { description: 'Path into the arguments, e.g. "input.lines[0].quantity".' }),
      description: t.exposeString("description"),
    }),
  });
  builder.objectType(InvalidInputError, {
    name: "InvalidInputError",
    description: "The input was refused; nothing was placed or changed.",
    fields: (t) => ({
      message: t.exposeString("message"),
      fieldPaths: t.stringList({ resolve: (e) => e.violations.map((v) => v.field) }),
      violations: t.field({ type: [FieldViolationRef], resolve: (e) => e.violations }),
    }),
  });
}
