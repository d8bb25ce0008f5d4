import { createLogger, type Logger, type TracingOptions } from "@shop/grpc-runtime";

type Exporter = NonNullable<TracingOptions["exporter"]>;
/** A finished span as the tracing SDK exports it. */
export type ExportedSpan = Parameters<Exporter["export"]>[0][number];

/** A span exporter for `createTelemetry` that keeps what it is given, for the test to read. */
export function keptSpans(): { readonly exporter: Exporter; readonly spans: ExportedSpan[] } {
  const spans: ExportedSpan[] = [];
  return {
    spans,
    exporter: {
      export: (batch, done) => {
        spans.push(...batch);
        done({ code: 0 });
      },
      shutdown: async () => {},
    },
  };
}

/** The runtime's logger, its JSON lines kept in `lines` for the test. */
export function keptLogLines(name: string): { readonly logger: Logger; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(name, { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}
