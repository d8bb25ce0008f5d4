import { pino, type DestinationStream, type Logger } from "pino";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * Minimum level written (`trace`, `debug`, `info`, `warn`, `error`, `fatal`, `silent`).
   * @default "info"
   */
  readonly level?: string;
  /**
   * Where the JSON lines go.
   * @default standard output, buffered (see `sync`)
   */
  readonly destination?: DestinationStream;
  /**
   * Write each line to standard output at once instead of in batches of about 4 KB flushed at
   * least every 250 ms (and on exit). Batching costs nothing per line but a syscall per batch.
   * @default false
   */
  readonly sync?: boolean;
}

/** A pino logger writing one JSON object per line, tagged with the component `name`. */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const { level = "info", destination, sync = false } = options;
  const settings = { name, level, timestamp: pino.stdTimeFunctions.isoTime };
  const dest = destination ?? (sync ? pino.destination({ dest: 1, sync: true }) : bufferedStdout());
  return pino(settings, dest);
}

let stdout: DestinationStream | undefined;

/** One buffered stdout stream shared by every logger of the process (flushed on exit). */
function bufferedStdout(): DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }));
}

/** A logger that writes nothing, for components given no logger. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
