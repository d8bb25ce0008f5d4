import { Metrics } from "./metrics.js";
import { startMetricsServer, type MetricsServer } from "./metrics-server.js";
import { createTracing, type Tracing, type TracingOptions } from "./tracing.js";

/**
 * The telemetry of one process: its metrics (always kept, served on the admin port once
 * `serveMetrics` is called) and its tracer (only when an OTLP endpoint is configured). Handed to
 * the gRPC server, the clients, the database and the BFF server, which record into it.
 */
export interface Telemetry {
  readonly metrics: Metrics;
  /** Undefined when tracing is off. */
  readonly tracing: Tracing | undefined;
  /** Starts the `/metrics` server on the configured port; resolves with the bound port. */
  serveMetrics(): Promise<number>;
  /** Stops the `/metrics` server and flushes buffered spans. Idempotent. */
  shutdown(): Promise<void>;
}

/** Options of {@link createTelemetry}: those of the tracer (an `exporter` turns tracing on even without an endpoint). */
export type TelemetryOptions = TracingOptions;

/** The telemetry `settings` describe. */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { settings, logger } = options;
  const metrics = new Metrics();
  const tracing = createTracing({
    settings,
    ...(logger === undefined ? {} : { logger }),
    ...(options.exporter === undefined ? {} : { exporter: options.exporter }),
  });
  let server: Promise<MetricsServer> | undefined;
  let stopped: Promise<void> | undefined;
  return {
    metrics,
    tracing,
    serveMetrics: async () =>
      (await (server ??= startMetricsServer({ metrics, host: settings.metricsHost, port: settings.metricsPort, ...(logger === undefined ? {} : { logger }) }))).port,
    shutdown: () =>
      (stopped ??= (async () => {
        await Promise.all([server?.then((s) => s.close()), tracing?.shutdown()]);
      })()),
  };
}

/** Telemetry that records metrics in memory and traces nothing: the default of every component given none. */
export function inertTelemetry(): Telemetry {
  return createTelemetry({
    settings: {
      metricsPort: 0,
      metricsHost: "127.0.0.1",
      serviceName: "test",
      sampler: "parentbased_always_on",
      samplerArg: 1,
      sdkDisabled: true,
      exportDelayMs: 5_000,
    },
  });
}
