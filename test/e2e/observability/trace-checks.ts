import type { ReceivedSpan } from "../support/otlp-trace-decoder.js";

/**
 * What a whole trace of this system must look like, as lists of problems (empty = fine), so a
 * failing test says which span broke which rule.
 */

/** An RPC span (client or server): it carries `rpc.system`. */
export function isRpcSpan(span: ReceivedSpan): boolean {
  return span.attributes["rpc.system"] === "grpc";
}

/** A database span: a CLIENT span of a domain service that is not an RPC. */
export function isDatabaseSpan(span: ReceivedSpan): boolean {
  return span.kind === "client" && !isRpcSpan(span) && !span.service.startsWith("bff-");
}

/** The spans of `spans` whose parent is `span`. */
export function childrenOf(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  return spans.filter((s) => s.parentSpanId === span.spanId && s.traceId === span.traceId);
}

/** The parent of `span` among `spans`, if it is there. */
export function parentOf(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan | undefined {
  return span.parentSpanId === undefined ? undefined : spans.find((s) => s.spanId === span.parentSpanId && s.traceId === span.traceId);
}

/** The nearest ancestor of `span` (itself excluded) that passes `test`, if any. */
export function ancestorWhere(span: ReceivedSpan, spans: readonly ReceivedSpan[], test: (s: ReceivedSpan) => boolean): ReceivedSpan | undefined {
  const seen = new Set<string>();
  for (let at = parentOf(span, spans); at !== undefined && !seen.has(at.spanId); at = parentOf(at, spans)) {
    if (test(at)) return at;
    seen.add(at.spanId);
  }
  return undefined;
}

/**
 * The structural rules of one trace: one root; every other span's parent in the trace; every
 * server span (but a root) the child of a client span of another process with the same name
 * (the context crossed the process boundary); every RPC client span that got an answer the
 * parent of such a server span.
 */
export function traceStructureProblems(trace: readonly ReceivedSpan[]): string[] {
  const problems: string[] = [];
  const label = (s: ReceivedSpan): string => `${s.service} ${s.kind} "${s.name}" (${s.spanId})`;
  const traceIds = new Set(trace.map((s) => s.traceId));
  if (traceIds.size !== 1) problems.push(`spans of ${traceIds.size} traces were given as one`);
  const roots = trace.filter((s) => parentOf(s, trace) === undefined && s.parentSpanId === undefined);
  if (roots.length !== 1) problems.push(`expected one root span, found ${roots.length}: ${roots.map(label).join(", ")}`);
  for (const span of trace) {
    if (span.parentSpanId !== undefined && parentOf(span, trace) === undefined) {
      problems.push(`${label(span)}: parent ${span.parentSpanId} is not in the trace`);
    }
    if (span.kind === "server" && span.parentSpanId !== undefined && isRpcSpan(span)) {
      const parent = parentOf(span, trace);
      if (parent !== undefined && (parent.kind !== "client" || parent.service === span.service || parent.name !== span.name)) {
        problems.push(`${label(span)}: its parent ${label(parent)} is not a client span of the same method in another process`);
      }
    }
    if (span.kind === "client" && isRpcSpan(span) && span.attributes["rpc.grpc.status_code"] === 0) {
      const served = childrenOf(span, trace).filter((c) => c.kind === "server" && c.name === span.name && c.service !== span.service);
      if (served.length === 0) problems.push(`${label(span)}: answered OK, but no server span in another process is its child`);
    }
  }
  return problems;
}

/**
 * RPC spans whose status does not match their gRPC code: a client span is an error for any code
 * but OK (0); a server span only for the codes that mean the server failed.
 */
export function statusProblems(trace: readonly ReceivedSpan[]): string[] {
  const serverFaults = new Set([2, 4, 12, 13, 14, 15]); // UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS
  const problems: string[] = [];
  for (const span of trace.filter(isRpcSpan)) {
    const code = span.attributes["rpc.grpc.status_code"];
    if (typeof code !== "number") {
      problems.push(`${span.service} ${span.kind} "${span.name}": rpc.grpc.status_code is ${JSON.stringify(code)}`);
      continue;
    }
    const error = span.kind === "client" ? code !== 0 : serverFaults.has(code);
    if ((span.status.code === "error") !== error) {
      problems.push(`${span.service} ${span.kind} "${span.name}": code ${code} but status ${span.status.code}`);
    }
  }
  return problems;
}
