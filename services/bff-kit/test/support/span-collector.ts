import type { TracingOptions } from "@shop/grpc-runtime";

/** The exporter type `createTelemetry` takes (the SDK's SpanExporter). */
export type SpanExporter = NonNullable<TracingOptions["exporter"]>;
/** A finished span as the SDK hands it to an exporter. */
export type FinishedSpan = Parameters<SpanExporter["export"]>[0][number];

/** An exporter that keeps every span it is given (they arrive when the telemetry flushes or shuts down). */
export function spanCollector(): { readonly exporter: SpanExporter; readonly spans: FinishedSpan[] } {
  const spans: FinishedSpan[] = [];
  const exporter: SpanExporter = {
    export(batch, done) {
      spans.push(...batch);
      done({ code: 0 });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  return { exporter, spans };
}
