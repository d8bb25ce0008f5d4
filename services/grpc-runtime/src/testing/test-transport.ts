import type { DescService } from "@bufbuild/protobuf";
import { createRouterTransport, type HandlerContext, type ServiceImpl, type Transport } from "@connectrpc/connect";
import { runWithRequestContext, type RequestContext } from "../context/request-context.js";
import { toCallerError } from "../errors/status-codec.js";
import type { ServiceRegistration } from "../grpc/service.js";
import { newId } from "../ids/uuidv7.js";

/**
 * An in-memory Connect transport serving `services` with no sockets: the same ServiceImpl
 * objects as `startGrpcServer`, the same request context (from `x-request-id`, `traceparent`,
 * `x-user-id`, `x-caller` headers) and the same error rule (anything that is not a
 * ConnectError reaches the caller as INTERNAL "internal error").
 */
export function createTestTransport(...services: ServiceRegistration[]): Transport {
  return createRouterTransport((router) => {
    for (const { desc, impl } of services) router.service(desc, wrapImpl(desc, impl));
  });
}

function wrapImpl(desc: DescService, impl: Partial<ServiceImpl<DescService>>): Partial<ServiceImpl<DescService>> {
  const wrapped: Record<string, unknown> = {};
  for (const method of desc.methods) {
    const fn = (impl as Record<string, unknown>)[method.localName];
    if (typeof fn !== "function") continue;
    const bound = fn.bind(impl) as (req: unknown, ctx: HandlerContext) => unknown;
    if (method.methodKind === "unary") {
      wrapped[method.localName] = (req: unknown, ctx: HandlerContext) =>
        runWithRequestContext(requestContextOf(ctx), async () => {
          try {
            return await bound(req, ctx);
          } catch (err) {
            throw toCallerError(err);
          }
        });
    } else {
      wrapped[method.localName] = (req: unknown, ctx: HandlerContext) =>
        runWithRequestContext(requestContextOf(ctx), () => guardStream(bound(req, ctx) as AsyncIterable<unknown>));
    }
  }
  return wrapped as Partial<ServiceImpl<DescService>>;
}

async function* guardStream(source: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  try {
    yield* source;
  } catch (err) {
    throw toCallerError(err);
  }
}

function requestContextOf(ctx: HandlerContext): RequestContext {
  const h = ctx.requestHeader;
  const timeout = ctx.timeoutMs();
  return {
    requestId: h.get("x-request-id") || newId(),
    traceparent: h.get("traceparent") ?? undefined,
    userId: h.get("x-user-id") ?? undefined,
    caller: h.get("x-caller") ?? undefined,
    deadline: timeout === undefined ? undefined : Date.now() + timeout,
  };
}
