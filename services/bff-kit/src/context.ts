import type { CallOptions } from "@connectrpc/connect";
import { formatTraceparent, parseTraceparent, SpanKind, type Telemetry } from "@shop/grpc-runtime";
import { callOptionsFor } from "./call-options.js";
import { startDeadline, type Deadline } from "./deadline.js";
import { createLoaders, LOADER_NAMES, type LoaderName, type LoaderTelemetry, type Loaders } from "./loaders.js";
import type { OperationRecord } from "./operation-record.js";
import { createRequestReadMasks, type SettableReadMasks } from "./read-masks/index.js";
import { requestIdOf } from "./request-id.js";
import type { ServiceClients } from "./service-clients.js";
import type { SessionLimits } from "./session-limits.js";
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
  /** Issues access tokens (login, refresh), checks them, and ends them early (logout, password change). */
  readonly tokens: TokenService;
  /** The client's address as the BFF determined it: what per-IP limits count. */
  readonly clientIp: string;
  /** The abuse limits of the session mutations (login, signUp, refreshSession). */
  readonly limits: SessionLimits;
  /**
   * Call options for the next RPC (each call of it counts as one RPC of the operation): remaining
   * budget, request id, traceparent, user, caller.
   */
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
  /** Where the loaders' metrics and batch spans go. @default none */
  readonly telemetry?: Telemetry | undefined;
  /** The session mutations' abuse limits. @default {@link NO_SESSION_LIMITS} (none: in-process tests) */
  readonly limits?: SessionLimits;
  /**
   * The session limits of one client address (its per-IP refresh limit needs it), e.g.
   * `RateLimits.sessionLimitsFor`; wins over {@link ContextFactoryOptions.limits}. @default none
   */
  readonly limitsFor?: (clientIp: string) => SessionLimits;
  /**
   * The client address of a request, when the context's caller does not pass it (the server does:
   * it reads the socket). @default none known: "unknown"
   */
  readonly clientIpOf?: (request: Request) => string;
}

/** Session limits that never refuse: what a context gets when no limits are configured. */
export const NO_SESSION_LIMITS: SessionLimits = {
  login: { check: async () => undefined, failed: async () => undefined, succeeded: async () => undefined },
  signUp: { check: async () => undefined, failed: async () => undefined, succeeded: async () => undefined },
  refresh: async () => undefined,
};

/**
 * Builds the per-request context from the incoming HTTP request (a Fetch API `Request`) and, when
 * the telemetry plugin runs, the request's {@link OperationRecord}: its trace context goes into
 * every call, its RPC count grows with each, and it learns the user and the deadline. Without a
 * record the caller's `traceparent` is forwarded when valid.
 */
export function createContextFactory(options: ContextFactoryOptions): (request: Request, operation?: OperationRecord, clientIp?: string) => Promise<BffContext> {
  const { clients, tokens, caller, requestBudgetMs = 2000, telemetry, limits = NO_SESSION_LIMITS, clientIpOf = () => "unknown" } = options;
  const limitsFor = options.limitsFor ?? (() => limits);
  const metrics = telemetry?.metrics;
  const loaderMetrics = metrics === undefined ? undefined : (Object.fromEntries(LOADER_NAMES.map((name) => [name, metrics.loader(name)])) as LoaderTelemetry["metrics"]);
  const tracing = telemetry?.tracing;
  return async (request, operation, knownClientIp) => {
    const deadline = startDeadline(requestBudgetMs);
    const requestId = requestIdOf(request);
    const traceparent = operation === undefined ? validTraceparent(request.headers.get("traceparent")) : operation.traceparent;
    const auth = await tokens.authenticate(request.headers.get("authorization"));
    const viewer = auth.kind === "viewer" ? auth.viewer : null;
    if (operation !== undefined) {
      operation.deadline = deadline.at;
      if (viewer) operation.userId = viewer.userId;
    }
    const scope = {
      requestId, caller, deadline, signal: request.signal,
      ...(traceparent ? { traceparent } : {}),
      ...(viewer ? { userId: viewer.userId } : {}),
    };
    const callOptions =
      operation === undefined
        ? (batchTraceparent?: string) => callOptionsFor(scope, batchTraceparent)
        : (batchTraceparent?: string) => {
            const options = callOptionsFor(scope, batchTraceparent);
            operation.rpcs++;
            return options;
          };
    // Batch spans only under a recorded operation span: in an unsampled trace they would record nothing.
    const span = operation?.span;
    const startBatch =
      tracing === undefined || span === undefined || !span.isRecording()
        ? undefined
        : (loader: LoaderName, size: number) =>
            tracing.startSpan(`dataloader.batch ${loader}`, SpanKind.INTERNAL, span, { "graphql.dataloader.name": loader, "graphql.dataloader.batch_size": size });
    const readMasks = createRequestReadMasks();
    const loaders = createLoaders(clients, callOptions, readMasks, { metrics: loaderMetrics, startBatch });
    const clientIp = knownClientIp ?? clientIpOf(request);
    return { requestId, deadline, auth, viewer, clients, tokens, clientIp, limits: limitsFor(clientIp), callOptions: () => callOptions(), readMasks, loaders };
  };
}

/** The caller's `traceparent` when it is a valid one, in its canonical form. */
function validTraceparent(header: string | null): string | undefined {
  const parsed = parseTraceparent(header);
  return parsed === undefined ? undefined : formatTraceparent(parsed);
}
