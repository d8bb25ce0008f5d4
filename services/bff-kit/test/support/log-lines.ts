import { createLogger, type Logger } from "@shop/grpc-runtime";

/** One JSON log line as written. */
export type LogLine = Record<string, unknown> & { readonly msg?: string };

/** A real logger (the runtime's, with its request-context fields) whose lines the test reads, raw and parsed. */
export function capturingLogger(): { readonly logger: Logger; readonly lines: LogLine[]; readonly raw: string[] } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const logger = createLogger("bff-test", {
    level: "info",
    destination: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  });
  return { logger, lines, raw };
}
