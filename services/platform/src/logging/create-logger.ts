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
   * @default standard output
   */
  readonly destination?: DestinationStream;
}

/** A pino logger writing one JSON object per line, tagged with the component `name`. */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const { level = "info", destination } = options;
  const settings = { name, level, timestamp: pino.stdTimeFunctions.isoTime };
  return destination === undefined ? pino(settings) : pino(settings, destination);
}

/** A logger that writes nothing, for components given no logger. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
