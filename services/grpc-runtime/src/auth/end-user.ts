import { createContextKey, createContextValues, type ContextValues } from "@connectrpc/connect";

/**
 * The end user a client call acts for, passed in Connect's per-call `contextValues` (a BFF sets it
 * from the signed-in viewer). The transport of this runtime turns it into the call's
 * `x-user-token`, signed with the process's TLS key (unsigned in plaintext mode): the user id
 * itself never travels as a claim anybody could make.
 */
export const END_USER = createContextKey<string | undefined>(undefined, { description: "the end user a gRPC call acts for" });

/** Context values carrying `userId` as the call's {@link END_USER}. */
export function endUserValues(userId: string): ContextValues {
  return createContextValues().set(END_USER, userId);
}
