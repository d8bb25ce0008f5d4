import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { ServiceName } from "@shop/bff-kit";

/** One call as it reaches a service's handler. */
export interface IncomingCall {
  /** "users" | "catalog" | "orders" */
  readonly service: ServiceName;
  /** The proto method, e.g. `BatchGetProducts`. */
  readonly method: DescMethod;
  /** The request message as received. */
  readonly request: unknown;
  /** Connect's context of the call: headers, deadline, abort signal. */
  readonly context: HandlerContext;
}

/**
 * Something done around a handler, like a server-side interceptor: it sees the call, then runs
 * the rest with `next()` — or answers on its own (a fault) without calling it.
 */
export type HandlerLayer = (call: IncomingCall, next: () => Promise<unknown>) => Promise<unknown>;

/** `impl` with `layers` around every method; the first layer is the outermost. */
export function withLayers<S extends DescService>(
  service: ServiceName,
  desc: S,
  impl: ServiceImpl<S>,
  layers: readonly HandlerLayer[],
): ServiceImpl<S> {
  const handlers = impl as unknown as Record<string, (request: unknown, context: HandlerContext) => unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const method of desc.methods) {
    const handler = handlers[method.localName]!;
    wrapped[method.localName] = (request: unknown, context: HandlerContext) => {
      const call: IncomingCall = { service, method, request, context };
      const run = (index: number): Promise<unknown> =>
        index === layers.length
          ? Promise.resolve(handler.call(impl, request, context))
          : layers[index]!(call, () => run(index + 1));
      return run(0);
    };
  }
  return wrapped as unknown as ServiceImpl<S>;
}
