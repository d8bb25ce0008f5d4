import { diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Attributes, type Context, type Span, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";
import { tracesUrlOf, type TelemetrySettings } from "./telemetry-config.js";
import { formatTraceparent, parseTraceparent } from "./trace-context.js";

export { SpanKind };
export type { Attributes, Span };

/** A span and the `traceparent` that makes the next hop its child. */
export interface TracedSpan {
  readonly span: Span;
  /** The span's own context as a `traceparent` (its sampled flag says whether it records). */
  readonly traceparent: string;
}

/** What a span is the child of: another span of this process, a `traceparent` from a caller, or nothing (a new trace). */
export type SpanParent = Span | string | undefined;

/**
 * This process's tracer: spans are children of an explicit parent (no global context manager, no
 * monkey-patching), recorded as the sampler decides, batched and exported over OTLP/HTTP.
 */
export interface Tracing {
  /** Starts a span; end it with `span.end()`. A non-sampled trace gives a non-recording span (cheap). */
  startSpan(name: string, kind: SpanKind, parent: SpanParent, attributes?: Attributes): TracedSpan;
  /** Exports every finished span still buffered. */
  flush(): Promise<void>;
  /** Exports what is still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

/** Options of {@link createTracing}. */
export interface TracingOptions {
  readonly settings: TelemetrySettings;
  readonly logger?: Logger;
  /** Where finished spans go instead of OTLP (tests). */
  readonly exporter?: SpanExporter;
}

/** The tracer the settings ask for, or undefined when tracing is off (no endpoint, or OTEL_SDK_DISABLED). */
export function createTracing(options: TracingOptions): Tracing | undefined {
  const { settings, logger } = options;
  const url = tracesUrlOf(settings);
  if (options.exporter === undefined && url === undefined) return undefined;
  if (logger !== undefined) forwardDiagnostics(logger);
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: url!, headers: headersOf(settings.otlpHeaders) });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": settings.serviceName }),
    sampler: samplerOf(settings),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: settings.exportDelayMs, maxQueueSize: 8_192, maxExportBatchSize: 512 })],
  });
  const tracer: Tracer = provider.getTracer("@shop/grpc-runtime");
  let shutdown: Promise<void> | undefined;
  return {
    startSpan(name, kind, parent, attributes) {
      const span = tracer.startSpan(name, attributes === undefined ? { kind } : { kind, attributes }, parentContext(parent));
      const context = span.spanContext();
      const traceparent = formatTraceparent({
        traceId: context.traceId,
        spanId: context.spanId,
        sampled: (context.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
      });
      return { span, traceparent };
    },
    flush: () => provider.forceFlush(),
    shutdown: () =>
      (shutdown ??= provider.shutdown().catch((error: unknown) => {
        logger?.warn({ err: error }, "spans could not be flushed at shutdown");
      })),
  };
}

function parentContext(parent: SpanParent): Context {
  if (parent === undefined) return ROOT_CONTEXT;
  if (typeof parent !== "string") return trace.setSpan(ROOT_CONTEXT, parent);
  const parsed = parseTraceparent(parent);
  if (parsed === undefined) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parsed.traceId,
    spanId: parsed.spanId,
    traceFlags: parsed.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

function samplerOf(settings: TelemetrySettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.samplerArg);
  switch (settings.sampler) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio;
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio });
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function headersOf(pairs: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf("=");
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

let diagnosticsForwarded = false;

/** The SDK reports export failures through `diag`; they become warn lines of the process's log. */
function forwardDiagnostics(logger: Logger): void {
  if (diagnosticsForwarded) return;
  diagnosticsForwarded = true;
  const warn = (message: string, ...args: unknown[]): void => logger.warn({ otel: args.map(String) }, `opentelemetry: ${message}`);
  diag.setLogger(
    { error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}
