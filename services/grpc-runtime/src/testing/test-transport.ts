import type { DescService } from "@bufbuild/protobuf";
import { createRouterTransport, type HandlerContext, type ServiceImpl, type Transport } from "@connectrpc/connect";
import type { Principal } from "../auth/principal.js";
import { runWithRequestContext, type RequestContext } from "../context/request-context.js";
import { toCallerError } from "../errors/status-codec.js";
import type { ServiceRegistration } from "../grpc/service.js";
import { newId } from "../ids/uuidv7.js";

/**
 * An in-memory Connect transport serving `services` with no sockets: the same ServiceImpl
 * objects as `startGrpcServer` without `auth`, the same request context (from `x-request-id`,
 * `traceparent`, `x-caller` headers; no principal, so `currentActor()` is privileged) and the same
 * error rule (anything that is not a ConnectError reaches the caller as INTERNAL "internal error").
 */
export function createTestTransport(...services: ServiceRegistration[]): Transport {
  return routerOver(services, undefined);
}

/**
 * {@link createTestTransport} where every call is served as `principal` would be on an
 * authenticating server (a BFF acting for one user, a privileged job…): for testing the owner
 * checks of user-scoped methods in memory.
 */
export function createTestTransportAs(principal: Principal, ...services: ServiceRegistration[]): Transport {
  return routerOver(services, principal);
}

function routerOver(services: readonly ServiceRegistration[], principal: Principal | undefined): Transport {
  return createRouterTransport((router) => {
    for (const { desc, impl } of services) router.service(desc, wrapImpl(desc, impl, principal));
  });
}

function wrapImpl(desc: DescService, impl: Partial<ServiceImpl<DescService>>, principal: Principal | undefined): Partial<ServiceImpl<DescService>> {
  const wrapped: Record<string, unknown> = {};
  for (const method of desc.methods) {
    const fn = (impl as Record<string, unknown>)[method.localName];
    if (typeof fn !== "function") continue;
    const bound = fn.bind(impl) as (req: unknown, ctx: HandlerContext) => unknown;
    if (method.methodKind === "unary") {
      wrapped[method.localName] = (req: unknown, ctx: HandlerContext) =>
        runWithRequestContext(requestContextOf(ctx, principal), async () => {
          try {
            return await bound(req, ctx);
          } catch (err) {
            throw toCallerError(err);
          }
        });
    } else {
      wrapped[method.localName] = (req: unknown, ctx: HandlerContext) =>
        runWithRequestContext(requestContextOf(ctx, principal), () => guardStream(bound(req, ctx) as AsyncIterable<unknown>));
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

function requestContextOf(ctx: HandlerContext, principal: Principal | undefined): RequestContext {
  const h = ctx.requestHeader;
  const timeout = ctx.timeoutMs();
  return {
    requestId: h.get("x-request-id") || newId(),
    traceparent: h.get("traceparent") ?? undefined,
    ...(principal === undefined ? {} : { principal, userId: principal.userId }),
    caller: principal?.caller ?? h.get("x-caller") ?? undefined,
    deadline: timeout === undefined ? undefined : Date.now() + timeout,
  };
}
