import { Code, ConnectError } from "@connectrpc/connect";
import { fieldViolationsOf } from "../errors/error-details.js";

/**
 * The field paths of the INVALID_ARGUMENT that `call` must fail with. Throws, saying what came
 * instead, when the call succeeds, fails with another code, names no field or names more than
 * `maxViolations` (the kit reports 20 and one summary of the rest).
 */
export async function invalidArgumentFields(call: Promise<unknown>, maxViolations = 21): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error("expected INVALID_ARGUMENT, the call succeeded");
    },
    (e: unknown) => ConnectError.from(e),
  );
  if (error.code !== Code.InvalidArgument) throw new Error(`expected INVALID_ARGUMENT, got ${Code[error.code]}: ${error.message}`);
  const fields = fieldViolationsOf(error).map((v) => v.field);
  if (fields.length === 0 || fields.length > maxViolations) {
    throw new Error(`expected 1 to ${maxViolations} field violations, got ${fields.length}`);
  }
  return fields;
}
