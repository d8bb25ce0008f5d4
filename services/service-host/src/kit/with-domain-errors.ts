import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { toConnectError } from "./to-connect-error.js";

/**
 * `impl` with every method of `desc` answering kit errors as coded statuses ({@link toConnectError}),
 * whoever hosts it: the gRPC server of `startDomainService`, a Connect router transport in tests,
 * another process. Each service's routes pass their handlers through this once.
 */
export function withDomainErrors<S extends DescService, I extends Partial<ServiceImpl<S>>>(desc: S, impl: I): I {
  const wrapped: Record<string, unknown> = {};
  for (const method of desc.methods) {
    const handler = (impl as Record<string, unknown>)[method.localName];
    if (typeof handler !== "function") continue;
    wrapped[method.localName] =
      method.methodKind === "unary" || method.methodKind === "client_streaming"
        ? mappedCall(handler as (...args: unknown[]) => unknown, impl)
        : mappedStream(handler as (...args: unknown[]) => AsyncIterable<unknown>, impl);
  }
  return wrapped as I;
}

function mappedCall(handler: (...args: unknown[]) => unknown, self: unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    let result: unknown;
    try {
      result = handler.apply(self, args);
    } catch (error) {
      throw toConnectError(error);
    }
    return isPromiseLike(result) ? result.then(undefined, rethrowMapped) : result;
  };
}

function mappedStream(handler: (...args: unknown[]) => AsyncIterable<unknown>, self: unknown): (...args: unknown[]) => AsyncIterable<unknown> {
  return async function* (...args) {
    try {
      yield* handler.apply(self, args);
    } catch (error) {
      throw toConnectError(error);
    }
  };
}

function rethrowMapped(error: unknown): never {
  throw toConnectError(error);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}
