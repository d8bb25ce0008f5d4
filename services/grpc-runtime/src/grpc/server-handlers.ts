import { randomUUID } from "node:crypto";
import { fromBinary, type DescMessage, type DescMethodServerStreaming, type DescMethodUnary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  Metadata,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type sendUnaryData,
  type ServerErrorResponse,
  type ServerUnaryCall,
  type ServerWritableStream,
} from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { CallAuthenticator } from "../auth/call-authenticator.js";
import type { Principal } from "../auth/principal.js";
import type { RpcMethodMetrics } from "../telemetry/metrics.js";
import type { Telemetry } from "../telemetry/telemetry.js";
import { newTraceparent, parseTraceparent } from "../telemetry/trace-context.js";
import { SpanKind, type Span } from "../telemetry/tracing.js";
import { endRpcSpan } from "./rpc-span.js";
import { runWithRequestContext, type RequestContext } from "../context/request-context.js";
import { boundedStatusMessage, encodeStatusDetails, STATUS_DETAILS_TRAILER, toCallerError } from "../errors/status-codec.js";
import { CallContext } from "./call-context.js";
import type { InflightCalls } from "./inflight.js";
import { appendHeadersToMetadata, firstText } from "./metadata.js";
import { encodeMessage } from "./serializers.js";
import { isServerFault, statusName } from "./status-names.js";

/** What every handler of one server shares. */
export interface HandlerDeps {
  readonly logger: Logger;
  readonly inflight: InflightCalls;
  /** Where each call's server span and RED metrics go; none = neither. */
  readonly telemetry?: Telemetry | undefined;
  /** Establishes each call's principal; none = no principal (a server started without `auth`). */
  readonly authenticator?: CallAuthenticator | undefined;
}

/** What the calls of one method share: its path (`/package.Service/Method`), its pre-labelled metrics, the server's deps. */
export interface MethodScope {
  readonly path: string;
  readonly deps: HandlerDeps;
  readonly metrics: RpcMethodMetrics | undefined;
}

/** The scope of `method`, served at `path`, made once when the server registers it. */
export function methodScope(method: DescMethodUnary | DescMethodServerStreaming, path: string, deps: HandlerDeps): MethodScope {
  return { path, deps, metrics: deps.telemetry?.metrics.rpcMethod("server", method.parent.typeName, method.name) };
}

type AnyUnaryImpl = (request: any, context: CallContext) => unknown;
type AnyStreamImpl = (request: any, context: CallContext) => AsyncIterable<unknown>;

/**
 * The grpc-js handler of a unary method: decoding, request context, encoding, one log line with
 * the payload sizes, errors as statuses. grpc-js passes the bytes through both ways
 * (`passThroughBytes`), so the sizes logged are those of the messages on the wire.
 *
 * Per-call state lives in a {@link UnaryCallRun} with prototype methods rather than in closures
 * named per call: under tsx (esbuild `keepNames`) every named closure costs an
 * `Object.defineProperty` each time it is created, measurable on a call of a few microseconds.
 */
export function unaryHandler(method: DescMethodUnary, impl: AnyUnaryImpl, scope: MethodScope): handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const run = new UnaryCallRun(call, callback, method, scope);
    runWithRequestContext(run.request, () => run.invoke(impl));
  };
}

/** One unary call from its arrival to its answer and log line. */
class UnaryCallRun {
  readonly request: RequestContext;
  /** Why the call is refused before its method runs (its caller could not be authenticated). */
  readonly #refusal: ConnectError | undefined;
  readonly #call: ServerUnaryCall<Buffer, Buffer>;
  readonly #callback: sendUnaryData<Buffer>;
  readonly #method: DescMethodUnary;
  readonly #ctx: CallContext;
  readonly #scope: MethodScope;
  readonly #started = performance.now();
  #responseBytes = 0;
  #finished = false;

  constructor(
    call: ServerUnaryCall<Buffer, Buffer>,
    callback: sendUnaryData<Buffer>,
    method: DescMethodUnary,
    scope: MethodScope,
  ) {
    scope.deps.inflight.enter();
    const deadline = deadlineOf(call);
    this.#call = call;
    this.#callback = callback;
    this.#method = method;
    this.#scope = scope;
    this.#ctx = new CallContext(call, method, scope.path, deadline);
    const arrival = arrivalOf(call, scope);
    this.#refusal = arrival.refusal;
    this.request = requestContextOf(call.metadata, deadline, scope, arrival);
  }

  /** Calls the implementation and answers with what it returns or throws; a refused call is answered without running it. */
  invoke(impl: AnyUnaryImpl): void {
    if (this.#refusal !== undefined) {
      this.fail(this.#refusal);
      return;
    }
    let result: unknown;
    try {
      result = impl(decodeRequest(this.#method.input, this.#call.request), this.#ctx);
    } catch (err) {
      this.fail(err);
      return;
    }
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      (result as PromiseLike<unknown>).then(
        (value) => this.succeed(value),
        (err: unknown) => this.fail(err),
      );
    } else {
      this.succeed(result);
    }
  }

  succeed(value: unknown): void {
    if (this.#finished) return;
    let bytes: Buffer;
    try {
      bytes = encodeMessage(this.#method.output, value);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.#finished = true;
    this.#responseBytes = bytes.byteLength;
    sendResponseHeader(this.#call, this.#ctx);
    const trailer = this.#ctx.responseTrailerIfSet;
    if (trailer === undefined) this.#callback(null, bytes);
    else this.#callback(null, bytes, trailerMetadata(trailer));
    this.#end(0, undefined);
  }

  fail(thrown: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    const error = toCallerError(thrown);
    sendResponseHeader(this.#call, this.#ctx);
    this.#callback(statusOf(error, this.#ctx.responseTrailerIfSet));
    this.#end(error.code, error);
  }

  #end(code: Code | 0, error: ConnectError | undefined): void {
    this.#ctx.complete();
    const scope = this.#scope;
    scope.deps.inflight.leave();
    const finalCode = effectiveCode(code, this.#call, this.#ctx);
    recordCall(scope, this.request, finalCode, this.#started, error);
    logCall(
      scope.deps.logger,
      {
        method: scope.path,
        code: finalCode,
        started: this.#started,
        requestId: this.request.requestId,
        caller: this.request.caller,
        requestBytes: this.#call.request.byteLength,
        responseBytes: this.#responseBytes,
      },
      this.#call,
      error,
    );
  }
}

/** The grpc-js handler of a server-streaming method; honours back-pressure and cancellation. */
export function serverStreamingHandler(method: DescMethodServerStreaming, impl: AnyStreamImpl, scope: MethodScope): handleServerStreamingCall<Buffer, Buffer> {
  const { path, deps } = scope;
  return (call) => {
    const started = performance.now();
    deps.inflight.enter();
    const deadline = deadlineOf(call);
    const ctx = new CallContext(call, method, path, deadline);
    const arrival = arrivalOf(call, scope);
    const request = requestContextOf(call.metadata, deadline, scope, arrival);
    runWithRequestContext(request, async () => {
      let error: ConnectError | undefined;
      let responseBytes = 0;
      try {
        if (arrival.refusal !== undefined) throw arrival.refusal;
        let headerSent = false;
        for await (const message of impl(decodeRequest(method.input, call.request), ctx)) {
          if (call.cancelled) break;
          const bytes = encodeMessage(method.output, message);
          responseBytes += bytes.byteLength;
          if (!headerSent) {
            sendResponseHeader(call, ctx);
            headerSent = true;
          }
          if (!call.write(bytes)) await drainOrCancel(call);
        }
        if (!call.cancelled) {
          if (!headerSent) sendResponseHeader(call, ctx);
          const trailer = ctx.responseTrailerIfSet;
          call.end(trailer === undefined ? undefined : trailerMetadata(trailer));
        }
      } catch (err) {
        error = toCallerError(err);
        if (!call.cancelled) call.emit("error", statusOf(error, ctx.responseTrailerIfSet));
      } finally {
        ctx.complete();
        deps.inflight.leave();
        const code = effectiveCode(error?.code ?? 0, call, ctx);
        recordCall(scope, request, code, started, error);
        const { requestId, caller } = request;
        logCall(deps.logger, { method: path, code, started, requestId, caller, requestBytes: call.request.byteLength, responseBytes }, call, error);
      }
    });
  };
}

function drainOrCancel(call: ServerWritableStream<Buffer, Buffer>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.off("drain", done);
      call.off("cancelled", done);
      resolve();
    };
    call.once("drain", done);
    call.once("cancelled", done);
  });
}

/**
 * The request message of `bytes`. A payload that is not a valid `desc` is INTERNAL, as grpc-js
 * (and grpc-go, grpc-java) answer an undecodable request; the decoder's error is logged.
 */
function decodeRequest(desc: DescMessage, bytes: Buffer): unknown {
  try {
    return fromBinary(desc, bytes);
  } catch (err) {
    throw new ConnectError("request could not be decoded", Code.Internal, undefined, undefined, err);
  }
}

function deadlineOf(call: { getDeadline(): Date | number }): number | undefined {
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Who an arriving call comes from: its principal, or why it has none and is refused. */
interface Arrival {
  readonly principal?: Principal | undefined;
  readonly refusal?: ConnectError | undefined;
}

/** The arrival of every call on a server without `auth`: no principal, no refusal. */
const NO_AUTHENTICATION: Arrival = {};

/**
 * The principal of an arriving call when the server authenticates (else none: a server without
 * `auth`, in-process tests). A caller that cannot be authenticated gets a refusal instead, which
 * the handler answers without decoding the request or running the method.
 */
function arrivalOf(call: ServerUnaryCall<Buffer, Buffer> | ServerWritableStream<Buffer, Buffer>, scope: MethodScope): Arrival {
  const authenticator = scope.deps.authenticator;
  if (authenticator === undefined) return NO_AUTHENTICATION;
  try {
    return { principal: authenticator.authenticate(call) };
  } catch (error) {
    return { refusal: toCallerError(error) };
  }
}

/**
 * The request context of an arriving call. Its trace context is the call's server span when this
 * process traces (a child of the caller's `traceparent`, or a new trace), else the caller's
 * `traceparent` when valid, else a new unsampled one, so every log line of the call has a trace id.
 * The caller and the user are the authenticated ones when the server authenticates (none for a
 * refused call: what it claimed is not repeated in logs and spans); without authentication the
 * caller is the claimed `x-caller` and there is no user.
 */
function requestContextOf(metadata: Metadata, deadline: number | undefined, scope: MethodScope, arrival: Arrival): RequestContext {
  const requestId = firstText(metadata, "x-request-id") ?? randomUUID();
  const { principal } = arrival;
  const caller = scope.deps.authenticator === undefined ? firstText(metadata, "x-caller") : principal?.caller;
  const incoming = firstText(metadata, "traceparent");
  const parent = parseTraceparent(incoming) === undefined ? undefined : incoming;
  const tracing = scope.deps.telemetry?.tracing;
  let traceparent: string;
  let span: Span | undefined;
  if (tracing !== undefined) {
    const traced = tracing.startSpan(scope.path.slice(1), SpanKind.SERVER, parent, {
      "rpc.system": "grpc",
      "rpc.method": scope.path,
      "shop.request_id": requestId,
      ...(caller === undefined ? {} : { "shop.caller": caller }),
      ...(deadline === undefined ? {} : { "shop.rpc.deadline_budget_ms": Math.max(0, deadline - Date.now()) }),
    });
    traceparent = traced.traceparent;
    span = traced.span;
  } else {
    traceparent = parent ?? newTraceparent(false);
  }
  return {
    requestId,
    traceparent,
    ...(span === undefined ? {} : { span }),
    ...(principal === undefined ? {} : { principal, userId: principal.userId }),
    caller,
    deadline,
  };
}

/** The RED metrics and the server span of one finished call. */
function recordCall(scope: MethodScope, request: RequestContext, code: Code | 0, started: number, error: ConnectError | undefined): void {
  scope.metrics?.record(code, (performance.now() - started) / 1000);
  if (request.span !== undefined) endRpcSpan(request.span, "server", code, error);
}

function sendResponseHeader(call: { sendMetadata(m: Metadata): void }, ctx: CallContext): void {
  const header = ctx.responseHeaderIfSet;
  if (header === undefined) return;
  const metadata = new Metadata();
  appendHeadersToMetadata(metadata, header);
  call.sendMetadata(metadata);
}

function trailerMetadata(trailer: Headers): Metadata {
  const metadata = new Metadata();
  appendHeadersToMetadata(metadata, trailer);
  return metadata;
}

/**
 * The status grpc-js sends for `error`, whatever threw it: its code, its message and its details,
 * both bounded (see `boundedStatusMessage` and `encodeStatusDetails`) so that the trailer always
 * fits what a caller accepts; an oversized trailer would leave the caller's call, and the calls
 * after it on the same channel, waiting for their deadlines.
 */
function statusOf(error: ConnectError, trailer: Headers | undefined): ServerErrorResponse {
  const metadata = new Metadata();
  appendHeadersToMetadata(metadata, trailer);
  const details = encodeStatusDetails(error);
  if (details !== undefined) {
    metadata.set(STATUS_DETAILS_TRAILER, Buffer.from(details.buffer, details.byteOffset, details.byteLength));
  }
  const message = boundedStatusMessage(error.rawMessage);
  return { name: "ConnectError", message, code: error.code as number, details: message, metadata };
}

function effectiveCode(code: Code | 0, call: { cancelled: boolean }, ctx: CallContext): Code | 0 {
  if (ctx.deadlineExceeded() && (code === 0 || code === Code.Canceled)) return Code.DeadlineExceeded;
  if (call.cancelled && code === 0) return Code.Canceled;
  return code;
}

/** What the log line of one finished call says about it. */
interface CallRecord {
  /** `/package.Service/Method`. */
  readonly method: string;
  readonly code: Code | 0;
  /** `performance.now()` when the call arrived. */
  readonly started: number;
  readonly requestId: string;
  /** The caller's identity (authenticated, or claimed on a server without authentication), when known. */
  readonly caller: string | undefined;
  /** Protobuf bytes of the request message (no gRPC framing). */
  readonly requestBytes: number;
  /** Protobuf bytes of the response messages sent, summed over a stream (no gRPC framing); 0 when none was. */
  readonly responseBytes: number;
}

function logCall(
  logger: Logger,
  record: CallRecord,
  call: ServerUnaryCall<Buffer, Buffer> | ServerWritableStream<Buffer, Buffer>,
  error: ConnectError | undefined,
): void {
  const { method, code, requestId, caller, requestBytes, responseBytes } = record;
  const durationMs = Math.round((performance.now() - record.started) * 1000) / 1000;
  if (error !== undefined && isServerFault(code)) {
    if (!logger.isLevelEnabled("error")) return;
    const cause = error.cause ?? error;
    logger.error(
      { method, code: statusName(code), durationMs, requestId, caller, peer: call.getPeer(), requestBytes, responseBytes, err: cause },
      "rpc failed",
    );
    return;
  }
  if (!logger.isLevelEnabled("info")) return;
  logger.info({ method, code: statusName(code), durationMs, requestId, caller, peer: call.getPeer(), requestBytes, responseBytes }, "rpc");
}
