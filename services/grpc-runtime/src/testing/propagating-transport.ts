import type { Transport } from "@connectrpc/connect";
import { propagatedHeaders } from "../context/propagation.js";
import { currentRequestContext } from "../context/request-context.js";

/**
 * `transport` sending what this runtime's clients send for a call made while serving a request
 * (request id, traceparent, user, `caller` as x-caller, no more time than the request has left):
 * for a service that calls another one in tests over in-memory transports.
 */
export function propagatingTransport(transport: Transport, caller: string): Transport {
  return {
    unary(method, signal, timeoutMs, header, input, contextValues) {
      const served = currentRequestContext();
      const headers = new Headers(header);
      for (const [name, value] of propagatedHeaders(served, caller)) headers.set(name, value);
      const left = served?.deadline === undefined ? undefined : Math.max(1, served.deadline - Date.now());
      const timeout = left === undefined ? timeoutMs : Math.min(timeoutMs ?? left, left);
      return transport.unary(method, signal, timeout, headers, input, contextValues);
    },
    stream: (...args) => transport.stream(...args),
  };
}
