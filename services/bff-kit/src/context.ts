import type { CallOptions } from "@connectrpc/connect";
import { callOptionsFor } from "./call-options.js";
import { startDeadline, type Deadline } from "./deadline.js";
import { createLoaders, type Loaders } from "./loaders.js";
import { createRequestReadMasks, type SettableReadMasks } from "./read-masks/index.js";
import { requestIdOf } from "./request-id.js";
import type { ServiceClients } from "./service-clients.js";
import type { Authentication, TokenService, Viewer } from "./tokens.js";

/** The GraphQL context of one request, shared by every resolver of both BFFs. */
export interface BffContext {
  /** Accepted from `x-request-id` when sane, else generated; echoed in the response. */
  readonly requestId: string;
  /** The request's budget; every RPC gets what remains of it. */
  readonly deadline: Deadline;
  /** What the `Authorization` header said (anonymous, a viewer, or a rejected token). */
  readonly auth: Authentication;
  /** The signed-in user, or null (anonymous or rejected token). */
  readonly viewer: Viewer | null;
  /** The typed clients; call them with {@link BffContext.callOptions}. */
  readonly clients: ServiceClients;
  /** Per-request DataLoaders over the batch RPCs; they read with {@link BffContext.readMasks}. */
  readonly loaders: Loaders;
  /**
   * The read masks of this request's operation, fixed by `useReadMasks` before execution ("all"
   * without it). Spread `readMasks.request(entity)` into every list RPC that reads an entity.
   */
  readonly readMasks: SettableReadMasks;
  /** Issues tokens (login) and checks them. */
  readonly tokens: TokenService;
  /** Call options for the next RPC: remaining budget, request id, traceparent, user, caller. */
  callOptions(): CallOptions;
}

/** What a BFF fixes once at start to build each request's context. */
export interface ContextFactoryOptions {
  readonly clients: ServiceClients;
  readonly tokens: TokenService;
  /** This BFF's name, sent as `x-caller`. */
  readonly caller: string;
  /** The deadline budget of one request. @default 2000 */
  readonly requestBudgetMs?: number;
}

/** Builds the per-request context from the incoming HTTP request (a Fetch API `Request`). */
export function createContextFactory(options: ContextFactoryOptions): (request: Request) => Promise<BffContext> {
  const { clients, tokens, caller, requestBudgetMs = 2000 } = options;
  return async (request) => {
    const deadline = startDeadline(requestBudgetMs);
    const requestId = requestIdOf(request);
    const traceparent = request.headers.get("traceparent") ?? undefined;
    const auth = await tokens.authenticate(request.headers.get("authorization"));
    const viewer = auth.kind === "viewer" ? auth.viewer : null;
    const scope = {
      requestId, caller, deadline, signal: request.signal,
      ...(traceparent ? { traceparent } : {}),
      ...(viewer ? { userId: viewer.userId } : {}),
    };
    const callOptions = () => callOptionsFor(scope);
    const readMasks = createRequestReadMasks();
    return { requestId, deadline, auth, viewer, clients, tokens, callOptions, readMasks, loaders: createLoaders(clients, callOptions, readMasks) };
  };
}
