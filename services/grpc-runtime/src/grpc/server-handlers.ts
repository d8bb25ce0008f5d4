import { randomUUID } from "node:crypto";
import type { DescMethodServerStreaming, DescMethodUnary } from "@bufbuild/protobuf";
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
import { runWithRequestContext, type RequestContext } from "../context/request-context.js";
import { boundedStatusMessage, encodeStatusDetails, STATUS_DETAILS_TRAILER, toCallerError } from "../errors/status-codec.js";
import { CallContext } from "./call-context.js";
import type { InflightCalls } from "./inflight.js";
import { appendHeadersToMetadata, firstText } from "./metadata.js";
import { isServerFault, statusName } from "./status-names.js";

/** What every handler of one server shares. */
export interface HandlerDeps {
  readonly logger: Logger;
  readonly inflight: InflightCalls;
}

type AnyUnaryImpl = (request: any, context: CallContext) => unknown;
type AnyStreamImpl = (request: any, context: CallContext) => AsyncIterable<unknown>;

/**
 * The grpc-js handler of a unary method: request context, one log line, errors as statuses.
 *
 * Per-call state lives in a {@link UnaryCallRun} with prototype methods rather than in closures
 * named per call: under tsx (esbuild `keepNames`) every named closure costs an
 * `Object.defineProperty` each time it is created, measurable on a call of a few microseconds.
 */
export function unaryHandler(
  method: DescMethodUnary,
  impl: AnyUnaryImpl,
  path: string,
  deps: HandlerDeps,
): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const run = new UnaryCallRun(call, callback, method, path, deps);
    runWithRequestContext(run.request, () => run.invoke(impl));
  };
}

/** One unary call from its arrival to its answer and log line. */
class UnaryCallRun {
  readonly request: RequestContext;
  readonly #call: ServerUnaryCall<unknown, unknown>;
  readonly #callback: sendUnaryData<unknown>;
  readonly #ctx: CallContext;
  readonly #path: string;
  readonly #deps: HandlerDeps;
  readonly #started = performance.now();
  #finished = false;

  constructor(
    call: ServerUnaryCall<unknown, unknown>,
    callback: sendUnaryData<unknown>,
    method: DescMethodUnary,
    path: string,
    deps: HandlerDeps,
  ) {
    deps.inflight.enter();
    const deadline = deadlineOf(call);
    this.#call = call;
    this.#callback = callback;
    this.#path = path;
    this.#deps = deps;
    this.#ctx = new CallContext(call, method, path, deadline);
    this.request = requestContextOf(call.metadata, deadline);
  }

  /** Calls the implementation and answers with what it returns or throws. */
  invoke(impl: AnyUnaryImpl): void {
    let result: unknown;
    try {
      result = impl(this.#call.request, this.#ctx);
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
    this.#finished = true;
    sendResponseHeader(this.#call, this.#ctx);
    const trailer = this.#ctx.responseTrailerIfSet;
    if (trailer === undefined) this.#callback(null, value);
    else this.#callback(null, value, trailerMetadata(trailer));
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
    this.#deps.inflight.leave();
    const finalCode = effectiveCode(code, this.#call, this.#ctx);
    logCall(this.#deps.logger, this.#path, finalCode, this.#started, this.request.requestId, this.#call, error);
  }
}

/** The grpc-js handler of a server-streaming method; honours back-pressure and cancellation. */
export function serverStreamingHandler(
  method: DescMethodServerStreaming,
  impl: AnyStreamImpl,
  path: string,
  deps: HandlerDeps,
): handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const started = performance.now();
    deps.inflight.enter();
    const deadline = deadlineOf(call);
    const ctx = new CallContext(call, method, path, deadline);
    const request = requestContextOf(call.metadata, deadline);
    runWithRequestContext(request, async () => {
      let error: ConnectError | undefined;
      try {
        let headerSent = false;
        for await (const message of impl(call.request, ctx)) {
          if (call.cancelled) break;
          if (!headerSent) {
            sendResponseHeader(call, ctx);
            headerSent = true;
          }
          if (!call.write(message)) await drainOrCancel(call);
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
        logCall(deps.logger, path, effectiveCode(error?.code ?? 0, call, ctx), started, request.requestId, call, error);
      }
    });
  };
}

function drainOrCancel(call: ServerWritableStream<unknown, unknown>): Promise<void> {
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

function deadlineOf(call: { getDeadline(): Date | number }): number | undefined {
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(ms) ? ms : undefined;
}

function requestContextOf(metadata: Metadata, deadline: number | undefined): RequestContext {
  return {
    requestId: firstText(metadata, "x-request-id") ?? randomUUID(),
    traceparent: firstText(metadata, "traceparent"),
    userId: firstText(metadata, "x-user-id"),
    caller: firstText(metadata, "x-caller"),
    deadline,
  };
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

function logCall(
  logger: Logger,
  method: string,
  code: Code | 0,
  started: number,
  requestId: string,
  call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>,
  error: ConnectError | undefined,
): void {
  const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  if (error !== undefined && isServerFault(code)) {
    if (!logger.isLevelEnabled("error")) return;
    const cause = error.cause ?? error;
    logger.error({ method, code: statusName(code), durationMs, requestId, peer: call.getPeer(), err: cause }, "rpc failed");
    return;
  }
  if (!logger.isLevelEnabled("info")) return;
  logger.info({ method, code: statusName(code), durationMs, requestId, peer: call.getPeer() }, "rpc");
}
