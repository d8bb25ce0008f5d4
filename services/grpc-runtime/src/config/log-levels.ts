/** Log levels every process accepts in LOG_LEVEL. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
