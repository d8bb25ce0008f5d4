import type { DescMessage, DescMethod, DescMethodStreaming, DescMethodUnary, DescService, MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type ContextValues, type StreamResponse, type Transport, type UnaryResponse } from "@connectrpc/connect";
import { Client, Metadata, type ServiceError } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { clientCredentialsFor } from "../auth/client-credentials.js";
import { END_USER } from "../auth/end-user.js";
import type { TlsIdentity } from "../auth/tls-identity.js";
import { USER_TOKEN_HEADER } from "../auth/user-token.js";
import { UserTokenSigner } from "../auth/user-token-signer.js";
import type { RpcMethodMetrics } from "../telemetry/metrics.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import { SpanKind, type TracedSpan } from "../telemetry/tracing.js";
import { propagatedDeadline, propagatedHeaders } from "../context/propagation.js";
import { currentRequestContext, type RequestContext } from "../context/request-context.js";
import { decodeStatus, STATUS_DETAILS_TRAILER } from "../errors/status-codec.js";
import { BreakerGate } from "./breaker-gate.js";
import { circuitBreakerPolicyOf, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { clientChannelOptions, type ChannelSettings } from "./client-channel-options.js";
import { healthClientOver, probeServing, type HealthClient } from "./health-probe.js";
import { appendHeadersToMetadata, headersFromMetadata } from "./metadata.js";
import { endRpcSpan } from "./rpc-span.js";
import { backoffMs, isRetryableCode, isRetryableMethod, retryPolicyOf, type RetryOptions } from "./retry-policy.js";
import { deserializerOf, serializerOf, type Deserializer, type Serializer } from "./serializers.js";
import { statusName } from "./status-names.js";

/** Options of a typed client (and of the transport under it); the channel's own are in {@link ChannelSettings}. */
export interface ClientOptions extends ChannelSettings {
  /** Deadline of a call that sets no `timeoutMs`. @default 5_000 */
  readonly defaultTimeoutMs?: number;
  /**
   * Retries of UNAVAILABLE failures, only for methods whose proto says `idempotency_level`
   * NO_SIDE_EFFECTS or IDEMPOTENT, and only while the deadline leaves room. `false` disables them.
   * @default { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 1_000 }
   */
  readonly retry?: RetryOptions | false;
  /**
   * Fail this service's calls at once (UNAVAILABLE) after several in a row found nobody
   * answering, instead of each waiting its deadline; probe again after a cool-down. `false`
   * turns it off. @default { failureThreshold: 5, openMs: 1_000, probeTimeoutMs: 1_000 }
   */
  readonly circuitBreaker?: CircuitBreakerOptions | false;
  /** Where one debug line per call goes. */
  readonly logger?: Logger;
  /**
   * This process's name, sent as `x-caller` (e.g. "bff-web", "orders"): who it is for servers in
   * plaintext development mode; under mTLS servers take the identity from the certificate instead.
   */
  readonly caller?: string;
  /**
   * Call over mutual TLS as this identity (`loadGrpcTrust(…).identity`, or `clientTlsOf(trust)`):
   * the server's certificate is checked against its CA and the target's host name, this
   * process's certificate is presented. Every call of the channel, health probes and Watch
   * streams included, goes over it. @default none: plaintext (development mode, in-process tests)
   */
  readonly tls?: TlsIdentity | undefined;
  /**
   * With `tls`: the name the server's certificate must carry (a DNS SAN), also sent as the TLS
   * server name. Give the service's identity ("catalog"): every certificate of the system carries
   * its identity as a SAN, so the check holds whatever addresses the target lists (IP replicas,
   * `dns:///` names) and proves the peer is that service, not just any process of the system.
   * @default the target's host (an IP literal also works, with Node's DEP0123 warning about SNI)
   */
  readonly serverName?: string | undefined;
  /**
   * Issues the `x-user-token` of calls whose `contextValues` carry an {@link END_USER} (a BFF
   * acting for its signed-in user); share one between the clients of a process. A header
   * `x-user-token` the caller sets itself wins. @default one of its own: signing with `tls`'s key,
   * unsigned without `tls` (plaintext mode)
   */
  readonly userTokens?: UserTokenSigner;
  /** Extra grpc-js channel options; they win over the ones set from the settings above. */
  readonly channelOptions?: Readonly<Record<string, string | number>>;
  /**
   * Where each call's client span and RED metrics go. The client span is a child of the
   * `traceparent` the call carries (a header the caller set, else the request being served) and
   * replaces it in the metadata, so the server's span is its child. @default none
   */
  readonly telemetry?: Telemetry;
}

/** A Connect transport over one grpc-js channel; `close` releases the channel. */
export interface GrpcTransport extends Transport {
  /** Closes the channel; calls made afterwards fail. */
  close(): void;
}

interface MethodPlan {
  readonly path: string;
  readonly serialize: Serializer;
  readonly deserialize: Deserializer;
  readonly retryable: boolean;
  readonly metrics: RpcMethodMetrics | undefined;
}

/** What one call (all its attempts) records when it ends. */
interface CallRecorder {
  readonly plan: MethodPlan;
  readonly started: number;
  readonly traced: TracedSpan | undefined;
}

/**
 * A Connect `Transport` backed by a grpc-js channel to `target`: one address (`host:port`,
 * `dns:///name:port`) or several IP addresses, balanced round-robin per call. A circuit breaker
 * (one per transport, so one per service) fails calls fast while no replica answers.
 */
export function createGrpcTransport(target: string | readonly string[], options: ClientOptions = {}): GrpcTransport {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
  const policy = retryPolicyOf(options.retry);
  const logger = options.logger;
  const caller = options.caller;
  const userTokens = options.userTokens ?? new UserTokenSigner(options.tls?.privateKey);
  const channel = channelTarget(target);
  const channelOptions = options.tls !== undefined && options.serverName !== undefined
    ? { "grpc.ssl_target_name_override": options.serverName, ...options.channelOptions }
    : options.channelOptions;
  const client = new Client(channel, clientCredentialsFor(options.tls), clientChannelOptions(options, channelOptions));
  const breakerPolicy = circuitBreakerPolicyOf(options.circuitBreaker);
  const telemetry = options.telemetry;
  const tracing = telemetry?.tracing;
  let health: HealthClient | undefined;
  const gate =
    breakerPolicy === undefined
      ? undefined
      : new BreakerGate({
          policy: breakerPolicy,
          // The probe: a health Check over this very channel, so it takes the connections the calls would.
          probe: () => probeServing((health ??= healthClientOver(client.getChannel())), breakerPolicy.probeTimeoutMs),
          target: channel,
          logger,
        });
  const plans = new Map<DescMethod, MethodPlan>();
  const planOf = (method: DescMethod): MethodPlan => {
    let plan = plans.get(method);
    if (plan === undefined) {
      plan = {
        path: `/${method.parent.typeName}/${method.name}`,
        serialize: serializerOf(method.input),
        deserialize: deserializerOf(method.output),
        retryable: policy.maxAttempts > 1 && isRetryableMethod(method),
        metrics: telemetry?.metrics.rpcMethod("client", method.parent.typeName, method.name),
      };
      plans.set(method, plan);
    }
    return plan;
  };

  // Headers the caller passed win over the ones propagated from the request being served (a BFF
  // passes its own traceparent per call: the DataLoader batch the call belongs to).
  // The end user of the call (contextValues) travels as a token this process signs.
  const outgoingMetadata = (ctx: RequestContext | undefined, header: HeadersInit | undefined, values: ContextValues | undefined): Metadata => {
    const metadata = new Metadata();
    if (header !== undefined) appendHeadersToMetadata(metadata, header);
    for (const [name, value] of propagatedHeaders(ctx, caller)) {
      if (header === undefined || metadata.get(name).length === 0) metadata.set(name, value);
    }
    const endUser = values?.get(END_USER);
    if (endUser !== undefined && (header === undefined || metadata.get(USER_TOKEN_HEADER).length === 0)) {
      metadata.set(USER_TOKEN_HEADER, userTokens.tokenFor(endUser));
    }
    return metadata;
  };

  /** Starts the call's client span (when tracing) as a child of the traceparent it carries, and sends the span's own instead. */
  const startCall = (plan: MethodPlan, metadata: Metadata, deadline: number): CallRecorder => {
    const started = logger === undefined && plan.metrics === undefined ? 0 : performance.now();
    if (tracing === undefined) return { plan, started, traced: undefined };
    const parent = metadata.get("traceparent")[0];
    const traced = tracing.startSpan(plan.path.slice(1), SpanKind.CLIENT, typeof parent === "string" ? parent : undefined, {
      "rpc.system": "grpc",
      "rpc.method": plan.path,
      "server.address": channel,
      "shop.rpc.deadline_budget_ms": Math.max(0, deadline - Date.now()),
    });
    metadata.set("traceparent", traced.traceparent);
    return { plan, started, traced };
  };

  const endCall = (call: CallRecorder, code: Code | 0, error: ConnectError | undefined, attempts: number): void => {
    call.plan.metrics?.record(code, (performance.now() - call.started) / 1000);
    if (call.traced !== undefined) {
      if (attempts > 1) call.traced.span.setAttribute("shop.rpc.attempts", attempts);
      endRpcSpan(call.traced.span, "client", code, error);
    }
    if (logger !== undefined) logCall(logger, call.plan.path, code, call.started, attempts);
  };

  const attempt = <I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    rec: CallRecorder,
    input: unknown,
    metadata: Metadata,
    deadline: number,
    signal: AbortSignal | undefined,
    attemptNo: number,
  ): Promise<UnaryResponse<I, O>> =>
    new Promise((resolve, reject) => {
      const onAbort = signal === undefined ? undefined : (): void => call.cancel();
      const result = new UnaryResult<I, O>(method);
      const plan = rec.plan;
      const call = withoutStackTraces(() =>
        client.makeUnaryRequest(plan.path, plan.serialize, plan.deserialize, input, metadata, { deadline }, (err, value) => {
          if (onAbort !== undefined) signal!.removeEventListener("abort", onAbort);
          if (!err) {
            result.message = value as UnaryResponse<I, O>["message"];
            gate?.record(0);
            endCall(rec, 0, undefined, attemptNo);
            resolve(result);
            return;
          }
          const error = connectErrorOf(err);
          if (plan.retryable && attemptNo < policy.maxAttempts && isRetryableCode(error.code) && !signal?.aborted) {
            const wait = backoffMs(policy, attemptNo);
            if (Date.now() + wait < deadline) {
              plan.metrics?.retried(error.code);
              rec.traced?.span.addEvent("retry", { "rpc.grpc.status_code": error.code, "shop.rpc.attempt": attemptNo + 1 });
              resolve(sleep(wait).then(() => attempt(method, rec, input, metadata, deadline, signal, attemptNo + 1)));
              return;
            }
          }
          if (!signal?.aborted) gate?.record(error.code);
          endCall(rec, error.code, error, attemptNo);
          reject(error);
        }),
      );
      call.on("metadata", (m: Metadata) => {
        result.headerMetadata = m;
      });
      call.on("status", (s: { metadata: Metadata }) => {
        result.trailerMetadata = s.metadata;
      });
      if (onAbort !== undefined) signal!.addEventListener("abort", onAbort, { once: true });
    });

  // Typed by Connect's Transport, which names the parameters and their types.
  const unary: Transport["unary"] = (method, signal, timeoutMs, header, input, contextValues) => {
    if (signal?.aborted) return Promise.reject(new ConnectError("call aborted before it started", Code.Canceled));
    const refused = gate?.refuse(method.parent.typeName);
    if (refused !== undefined) {
      telemetry?.metrics.breakerRejected(method.parent.typeName);
      return Promise.reject(refused);
    }
    const plan = planOf(method);
    const ctx = currentRequestContext();
    const deadline = propagatedDeadline(timeoutMs ?? defaultTimeoutMs, ctx);
    let metadata: Metadata;
    try {
      metadata = outgoingMetadata(ctx, header, contextValues);
    } catch (error) {
      return Promise.reject(ConnectError.from(error));
    }
    return attempt(method, startCall(plan, metadata, deadline), input, metadata, deadline, signal, 1);
  };

  async function stream<I extends DescMessage, O extends DescMessage>(
    method: DescMethodStreaming<I, O>,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    header: HeadersInit | undefined,
    input: AsyncIterable<MessageInitShape<I>>,
    contextValues?: ContextValues,
  ): Promise<StreamResponse<I, O>> {
    if (method.methodKind !== "server_streaming") {
      throw new ConnectError(`${method.methodKind} calls are not supported by this client`, Code.Unimplemented);
    }
    const plan = planOf(method);
    if (signal?.aborted) throw new ConnectError("call aborted before it started", Code.Canceled);
    const refused = gate?.refuse(method.parent.typeName);
    if (refused !== undefined) {
      telemetry?.metrics.breakerRejected(method.parent.typeName);
      throw refused;
    }
    let request: MessageInitShape<I> | undefined;
    for await (const m of input) {
      request = m;
      break;
    }
    const ctx = currentRequestContext();
    const metadata = outgoingMetadata(ctx, header, contextValues);
    const deadline = propagatedDeadline(timeoutMs ?? defaultTimeoutMs, ctx);
    const rec = startCall(plan, metadata, deadline);
    const call = withoutStackTraces(() =>
      client.makeServerStreamRequest(plan.path, plan.serialize, plan.deserialize, request ?? {}, metadata, { deadline }),
    );
    let responseHeader: Metadata | undefined;
    let responseTrailer: Metadata | undefined;
    call.on("metadata", (m) => {
      responseHeader = m;
    });
    call.on("status", (s) => {
      responseTrailer = s.metadata;
    });
    const onAbort = (): void => call.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    async function* messages(): AsyncGenerator<UnaryResponse<I, O>["message"]> {
      let code: Code | 0 = 0;
      let failure: ConnectError | undefined;
      try {
        for await (const m of call) yield m as UnaryResponse<I, O>["message"];
        gate?.record(0);
      } catch (err) {
        failure = connectErrorOf(err as ServiceError);
        code = failure.code;
        if (!signal?.aborted) gate?.record(code);
        throw failure;
      } finally {
        signal?.removeEventListener("abort", onAbort);
        call.cancel();
        endCall(rec, code, failure, 1);
      }
    }
    return {
      stream: true,
      service: method.parent,
      method,
      message: messages(),
      get header() {
        return headersFromMetadata(responseHeader);
      },
      get trailer() {
        return headersFromMetadata(responseTrailer);
      },
    };
  }

  return { unary, stream, close: () => client.close() };
}

/** A unary answer; header and trailer are converted to Fetch Headers only when read. */
class UnaryResult<I extends DescMessage, O extends DescMessage> implements UnaryResponse<I, O> {
  readonly stream = false as const;
  readonly method: DescMethodUnary<I, O>;
  readonly service: DescService;
  message!: UnaryResponse<I, O>["message"];
  headerMetadata: Metadata | undefined;
  trailerMetadata: Metadata | undefined;

  constructor(method: DescMethodUnary<I, O>) {
    this.method = method;
    this.service = method.parent;
  }

  get header(): Headers {
    return headersFromMetadata(this.headerMetadata);
  }

  get trailer(): Headers {
    return headersFromMetadata(this.trailerMetadata);
  }
}

/**
 * Starts a grpc-js call with stack capture off. grpc-js records a `new Error()` for every call it
 * starts, only to append the caller's stack to a failed call's error. Failures become
 * ConnectErrors here without it, and capturing a stack on every call would cost about as much
 * client CPU as the rest of this transport's own work (see `test/bench/transport/README.md`).
 * The price: a failed call's error carries the stack of where the answer arrived, not of the
 * call site.
 */
function withoutStackTraces<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function channelTarget(target: string | readonly string[]): string {
  if (typeof target === "string") return target;
  if (target.length === 0) throw new Error("createClient: no address given");
  if (target.length === 1) return target[0]!;
  if (target.every((a) => /^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a))) return `ipv4:${target.join(",")}`;
  if (target.every((a) => /^\[[0-9a-fA-F:.]+\]:\d+$/.test(a))) return `ipv6:${target.join(",")}`;
  const local = target.map((a) => a.replace(/^localhost:/, "127.0.0.1:"));
  if (local.every((a) => /^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a))) return `ipv4:${local.join(",")}`;
  throw new Error(
    "createClient: several addresses must all be IPv4 or all IPv6 literals (host:port); for a DNS name with several records pass one `dns:///name:port` target",
  );
}

function connectErrorOf(err: Partial<ServiceError>): ConnectError {
  if (err instanceof ConnectError) return err;
  const code = typeof err.code === "number" ? err.code : Code.Unknown;
  const raw = err.metadata?.get(STATUS_DETAILS_TRAILER)[0];
  const details = raw instanceof Buffer ? raw : undefined;
  const message = err.details ?? err.message ?? "";
  return decodeStatus(code, message, details, err.metadata ? headersFromMetadata(err.metadata) : undefined);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function logCall(logger: Logger, method: string, code: Code | 0, started: number, attempts: number): void {
  if (!logger.isLevelEnabled("debug")) return;
  const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  const ctx = currentRequestContext();
  logger.debug({ method, code: statusName(code), durationMs, requestId: ctx?.requestId, attempts }, "rpc call");
}
