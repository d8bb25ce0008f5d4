import type { TracingOptions } from "../telemetry/tracing.js";

/** The exporter `createTelemetry` takes (the tracing SDK's `SpanExporter`). */
export type SpanExporter = NonNullable<TracingOptions["exporter"]>;
/** A finished span as the tracing SDK hands it to an exporter. */
export type FinishedSpan = Parameters<SpanExporter["export"]>[0][number];

/**
 * An exporter for `createTelemetry({ settings, exporter })` that keeps every span it is given, in
 * `spans`, also across a shutdown (the SDK's own in-memory exporter empties itself then). Spans
 * arrive when the batch processor exports: after `exportDelayMs`, on `tracing.flush()` or at shutdown.
 */
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
