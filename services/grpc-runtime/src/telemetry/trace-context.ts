import { randomBytes } from "node:crypto";

/**
 * W3C trace context (`traceparent`) as text: the one form in which a trace crosses every process
 * boundary here (HTTP headers into the BFFs, gRPC metadata between processes). Parsing is strict;
 * anything that is not a valid version-00 value is treated as absent, as the W3C spec asks.
 */

/** The parts of a `traceparent` value. */
export interface TraceParent {
  /** 32 lower-case hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lower-case hex digits, not all zero: the span the next hop is a child of. */
  readonly spanId: string;
  /** True when the `sampled` flag is set. */
  readonly sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** The parts of `value`, or undefined when it is not a usable `traceparent`. */
export function parseTraceparent(value: string | null | undefined): TraceParent | undefined {
  if (typeof value !== "string" || value.length > 512) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // Version ff is invalid; version 00 has exactly four fields (later versions may add some).
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** The version-00 `traceparent` of `parent`. */
export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? "01" : "00"}`;
}

/** A `traceparent` of a new trace (fresh random ids), sampled or not. */
export function newTraceparent(sampled: boolean): string {
  const bytes = randomBytes(24).toString("hex");
  return `00-${bytes.slice(0, 32)}-${bytes.slice(32)}-${sampled ? "01" : "00"}`;
}

/**
 * The trace id and span id of a `traceparent` the runtime wrote or validated itself, for log
 * lines: a slice, no parsing (the value's layout is fixed).
 */
export function logIdsOf(traceparent: string): { readonly traceId: string; readonly spanId: string } {
  return { traceId: traceparent.slice(3, 35), spanId: traceparent.slice(36, 52) };
}
