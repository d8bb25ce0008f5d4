import type { Transport } from "@connectrpc/connect";
import { END_USER } from "../auth/end-user.js";
import { USER_TOKEN_HEADER } from "../auth/user-token.js";
import { UserTokenSigner } from "../auth/user-token-signer.js";

/**
 * `transport` (an in-memory one, say) doing what this runtime's gRPC transport does with a call's
 * `END_USER` context value: sending it as an `x-user-token` header, unsigned by default as in
 * plaintext mode (a header the caller set wins). Context values never cross a transport by
 * themselves, so a fake service behind an in-memory transport sees the user only this way.
 */
export function endUserTransport(transport: Transport, signer: UserTokenSigner = new UserTokenSigner(undefined)): Transport {
  const withToken = (header: HeadersInit | undefined, user: string | undefined): HeadersInit | undefined => {
    if (user === undefined) return header;
    const headers = new Headers(header);
    if (!headers.has(USER_TOKEN_HEADER)) headers.set(USER_TOKEN_HEADER, signer.tokenFor(user));
    return headers;
  };
  return {
    unary: (method, signal, timeoutMs, header, input, values) =>
      transport.unary(method, signal, timeoutMs, withToken(header, values?.get(END_USER)), input, values),
    stream: (method, signal, timeoutMs, header, input, values) =>
      transport.stream(method, signal, timeoutMs, withToken(header, values?.get(END_USER)), input, values),
  };
}
