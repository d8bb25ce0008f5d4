import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  PreconditionFailureSchema,
  ResourceInfoSchema,
} from "@shop/contracts/google/rpc/error_details";

/** What a failed call carried, decoded on the client side. */
export interface CallFailure {
  readonly code: Code;
  readonly fields: string[];
  readonly preconditions: { type: string; subject: string }[];
  readonly notFound: string[];
}

/** Awaits a call that must fail and decodes its status and details. */
export async function failureOf(call: Promise<unknown>): Promise<CallFailure> {
  try {
    await call;
  } catch (error) {
    const e = ConnectError.from(error);
    return {
      code: e.code,
      fields: e.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => v.field)),
      preconditions: e
        .findDetails(PreconditionFailureSchema)
        .flatMap((d) => d.violations.map((v) => ({ type: v.type, subject: v.subject }))),
      notFound: e.findDetails(ResourceInfoSchema).map((d) => d.resourceName),
    };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export { Code };
