import type { ServiceName } from "@shop/bff-kit";
import { USER_TOKEN_HEADER, verifyUserToken } from "@shop/grpc-runtime";
import type { HandlerLayer } from "./handler-layer.js";

/** One call a service received from the clients under test. */
export interface RecordedCall {
  /** "users" | "catalog" | "orders" */
  readonly service: ServiceName;
  /** The proto method name, e.g. "BatchGetProducts". */
  readonly method: string;
  /** The request message as received. */
  readonly request: unknown;
  /** The request headers (x-request-id, traceparent, x-caller…). */
  readonly headers: Headers;
  /**
   * The end user the call was made for: the `sub` of its `x-user-token` (the clients send a call's
   * `END_USER` that way, unsigned, as the real transport does in plaintext mode); undefined for an
   * anonymous call or a token that does not read.
   */
  readonly endUser: string | undefined;
  /** The deadline the caller set, if any. */
  readonly timeoutMs: number | undefined;
}

/** Calls received so far, in order. */
export interface CallLog {
  readonly all: readonly RecordedCall[];
  /** Calls to a service ("catalog") or to one method ("catalog.BatchGetProducts"); no target = all. */
  count(target?: string): number;
  /** Calls per "service.Method", e.g. `{ "catalog.BatchGetProducts": 1 }`; handy in assertions. */
  summary(): Record<string, number>;
  /** Forgets every recorded call. */
  reset(): void;
}

/** A call log and the layer that fills it (it records every call, then runs it). */
export interface CallRecorder {
  readonly log: CallLog;
  readonly layer: HandlerLayer;
}

export function createCallRecorder(): CallRecorder {
  const recorded: RecordedCall[] = [];
  const matches = (call: RecordedCall, target: string | undefined) =>
    target === undefined || target === call.service || target === `${call.service}.${call.method}`;
  const log: CallLog = {
    get all() {
      return recorded;
    },
    count: (target) => recorded.filter((call) => matches(call, target)).length,
    summary: () => {
      const out: Record<string, number> = {};
      for (const call of recorded) out[`${call.service}.${call.method}`] = (out[`${call.service}.${call.method}`] ?? 0) + 1;
      return out;
    },
    reset: () => {
      recorded.length = 0;
    },
  };
  const layer: HandlerLayer = (call, next) => {
    const { service, method, request, context } = call;
    recorded.push({
      service,
      method: method.name,
      request,
      headers: new Headers(context.requestHeader),
      endUser: endUserOf(context.requestHeader),
      timeoutMs: context.timeoutMs(),
    });
    return next();
  };
  return { log, layer };
}

/** The user of a call's unsigned `x-user-token`, or undefined. */
function endUserOf(headers: Headers): string | undefined {
  const token = headers.get(USER_TOKEN_HEADER);
  if (token === null) return undefined;
  try {
    return verifyUserToken(token, "unsigned", Math.floor(Date.now() / 1000)).sub;
  } catch {
    return undefined;
  }
}
