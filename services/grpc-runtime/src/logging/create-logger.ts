import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestContext } from "../context/request-context.js";
import { logIdsOf } from "../telemetry/trace-context.js";
import { TickBatchedDestination } from "./tick-batched-destination.js";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * Minimum level written (`trace`, `debug`, `info`, `warn`, `error`, `fatal`, `silent`).
   * @default "info"
   */
  readonly level?: string;
  /**
   * Where the JSON lines go.
   * @default standard output (see `sync`)
   */
  readonly destination?: DestinationStream;
  /**
   * Write the lines of one event-loop turn to standard output together, synchronously, at the end
   * of that turn and on exit. `false` uses pino's asynchronous, buffered stream instead (flushed
   * periodically and on exit), which costs more per line on a busy server.
   * @default true
   */
  readonly sync?: boolean;
}

/**
 * A pino logger writing one JSON object per line, tagged with the component `name`. A line written
 * while a request is being served carries that request's `requestId`, `traceId` and `spanId`,
 * whoever writes it, so the lines of one operation join up across processes and with its trace.
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const { level = "info", destination, sync = true } = options;
  const settings = { name, level, timestamp: pino.stdTimeFunctions.epochTime, mixin: requestFields };
  const dest = destination ?? (sync ? syncStdout() : bufferedStdout());
  return pino(settings, dest);
}

let syncStream: DestinationStream | undefined;
let bufferedStream: DestinationStream | undefined;

/**
 * One stdout stream shared by every logger of the process: lines of one event-loop turn are
 * written together, synchronously, at the end of that turn and on exit.
 */
function syncStdout(): DestinationStream {
  if (syncStream === undefined) {
    const destination = new TickBatchedDestination(pino.destination({ dest: 1, sync: true }));
    process.on("exit", () => destination.flushSync());
    syncStream = destination;
  }
  return syncStream;
}

/** One buffered stdout stream shared by every logger of the process (flushed on exit). */
function bufferedStdout(): DestinationStream {
  return (bufferedStream ??= pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }));
}

/** A logger that writes nothing, for components given no logger. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/**
 * The correlation fields of the request being served, if any. Always a new object: pino merges
 * each line's own fields into the object the mixin returns.
 */
function requestFields(): object {
  const ctx = currentRequestContext();
  if (ctx === undefined) return {};
  if (ctx.traceparent === undefined) return { requestId: ctx.requestId };
  const { traceId, spanId } = logIdsOf(ctx.traceparent);
  return { requestId: ctx.requestId, traceId, spanId };
}
