import {
  currentRequestContext,
  formatTraceparent,
  newTraceparent,
  parseTraceparent,
  SpanKind,
  type RequestContext,
  type Span,
  type Tracing,
} from "@shop/grpc-runtime";
import type { ResultShape } from "./operation-outcome.js";

/** The span name of an operation whose type is not known (yet): the OpenTelemetry GraphQL convention's. */
const UNNAMED_SPAN = "GraphQL Operation";

/**
 * What the BFF knows about one HTTP request that reached yoga, and its request context: stored in
 * the runtime's AsyncLocalStorage for the whole handling of the request, so every log line written
 * meanwhile (by resolvers, the error masker, yoga itself) carries its `requestId`, `traceId` and
 * `spanId`, and the clients read its trace context, user and deadline. Its fields fill in as the
 * request goes on (trace context when yoga starts reading it, user and deadline when the GraphQL
 * context is built), hence a mutable record rather than the runtime's read-only context.
 */
export class OperationRecord implements RequestContext {
  readonly requestId: string;
  /** `performance.now()` when the request reached yoga. */
  readonly startedAt = performance.now();
  /** The trace context of the operation: its span's when tracing, else the caller's or a new unsampled one. */
  traceparent: string | undefined = undefined;
  /** The operation's SERVER span, when tracing. */
  span: Span | undefined = undefined;
  /** The signed-in user, once the token is checked. */
  userId: string | undefined = undefined;
  /** Epoch ms at which the request's budget is spent. */
  deadline: number | undefined = undefined;
  /** True for a GraphQL request (not the GraphiQL page, a 404 or a preflight): it gets an access line and metrics. */
  isOperation = false;
  /** The operation the document selects, once parsed; undefined while unknown or when there is none. */
  operation: { readonly name: string | undefined; readonly type: string } | undefined = undefined;
  /** RPCs made for the operation. */
  rpcs = 0;
  /** The GraphQL result sent back, once processed. */
  result: ResultShape | undefined = undefined;

  constructor(requestId: string) {
    this.requestId = requestId;
  }

  /**
   * Marks the request as a GraphQL operation and fixes its trace context: with `tracing`, a SERVER
   * span, child of the caller's `traceparent` when that is valid, else the root of a new trace;
   * without, the caller's valid `traceparent` or a new unsampled one (so logs always have a trace id).
   */
  begin(traceparentHeader: string | null, tracing: Tracing | undefined): void {
    this.isOperation = true;
    const incoming = parseTraceparent(traceparentHeader);
    const parent = incoming === undefined ? undefined : formatTraceparent(incoming);
    if (tracing === undefined) {
      this.traceparent = parent ?? newTraceparent(false);
      return;
    }
    const traced = tracing.startSpan(UNNAMED_SPAN, SpanKind.SERVER, parent, { "shop.request_id": this.requestId });
    this.span = traced.span;
    this.traceparent = traced.traceparent;
  }

  /** True when the operation's span records (tracing is on and the trace sampled). */
  get recording(): boolean {
    return this.span !== undefined && this.span.isRecording();
  }

  /**
   * The parsed document selects this operation; a recording span is named after it ("query
   * homePage") and gets its name, type and `documentHash` (pass it when {@link recording}).
   */
  identify(name: string | undefined, type: string, documentHash: string | undefined): void {
    this.operation = { name, type };
    const span = this.span;
    if (span === undefined || !span.isRecording()) return;
    span.updateName(name === undefined ? type : `${type} ${name}`);
    span.setAttribute("graphql.operation.type", type);
    if (documentHash !== undefined) span.setAttribute("graphql.document.hash", documentHash);
    if (name !== undefined) span.setAttribute("graphql.operation.name", name);
  }
}

/** The record of the request being handled, or undefined outside of one (or outside a BFF). */
export function currentOperation(): OperationRecord | undefined {
  const ctx = currentRequestContext();
  return ctx instanceof OperationRecord ? ctx : undefined;
}
