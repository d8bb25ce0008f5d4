import { bool, decimal, int, list, oneOf, str, url } from "../config/parsers.js";

/** The samplers `OTEL_TRACES_SAMPLER` may name (the OpenTelemetry SDK environment spec's built-in ones). */
export const TRACE_SAMPLERS = [
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
  "always_on",
  "always_off",
  "traceidratio",
] as const;

/** One of {@link TRACE_SAMPLERS}. */
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

/**
 * The telemetry keys every process reads, spread into its config spec: the standard `OTEL_*`
 * variables for traces (off unless an OTLP endpoint is set) and this process's metrics port.
 * Parsed once at start with the rest of the config, like every other key; nothing reads the
 * environment later (the SDK is handed these values, it does not look itself).
 */
export function telemetryConfigSpec(options: {
  /** Env prefix of the process's own keys, e.g. "USERS" reads USERS_METRICS_PORT. */
  readonly prefix: string;
  /** Default `/metrics` port of the process. */
  readonly metricsPort: number;
  /** The process's name, the default `service.name` of its spans (e.g. "catalog", "bff-web"). */
  readonly name: string;
}) {
  const { prefix, metricsPort, name } = options;
  return {
    metricsPort: {
      env: `${prefix}_METRICS_PORT`,
      doc: "Port of the admin HTTP server that serves GET /metrics (0 = a free port)",
      parse: int({ min: 0, max: 65_535 }),
      default: metricsPort,
    },
    metricsHost: {
      env: `${prefix}_METRICS_HOST`,
      doc: "Interface the /metrics server listens on",
      parse: str({ minLength: 1 }),
      default: "127.0.0.1",
    },
    otlpEndpoint: {
      env: "OTEL_EXPORTER_OTLP_ENDPOINT",
      doc: "OTLP/HTTP base URL (spans go to <url>/v1/traces); unset = tracing off",
      parse: url({ protocols: ["http:", "https:"] }),
      optional: true,
    },
    otlpTracesEndpoint: {
      env: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      doc: "OTLP/HTTP URL for spans, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT",
      parse: url({ protocols: ["http:", "https:"] }),
      optional: true,
    },
    otlpHeaders: {
      env: "OTEL_EXPORTER_OTLP_HEADERS",
      doc: "Headers sent with every export, key=value,key=value (e.g. an API key)",
      parse: { ...list(str({ pattern: /^[A-Za-z0-9!#$%&'*+.^_`|~-]+=.+$/ })), secret: true },
      optional: true,
    },
    serviceName: { env: "OTEL_SERVICE_NAME", doc: "service.name of this process's spans", parse: str({ minLength: 1, maxLength: 128 }), default: name },
    sampler: {
      env: "OTEL_TRACES_SAMPLER",
      doc: "Which traces are recorded; parent-based keeps a trace whole across processes",
      parse: oneOf(TRACE_SAMPLERS),
      default: "parentbased_always_on" as TraceSamplerName,
    },
    samplerArg: {
      env: "OTEL_TRACES_SAMPLER_ARG",
      doc: "Ratio of new traces recorded by the *traceidratio samplers (0 to 1)",
      parse: decimal({ min: 0, max: 1 }),
      default: 1,
    },
    sdkDisabled: { env: "OTEL_SDK_DISABLED", doc: "true turns tracing off even with an endpoint set", parse: bool(), default: false },
    exportDelayMs: {
      env: "OTEL_BSP_SCHEDULE_DELAY",
      doc: "Longest time a finished span waits before its batch is exported, in ms",
      parse: int({ min: 0, max: 60_000 }),
      default: 5_000,
    },
  } as const;
}

/** The telemetry settings of one process (what {@link telemetryConfigSpec} parses to). */
export interface TelemetrySettings {
  readonly metricsPort: number;
  readonly metricsHost: string;
  readonly otlpEndpoint?: string | undefined;
  readonly otlpTracesEndpoint?: string | undefined;
  readonly otlpHeaders?: readonly string[] | undefined;
  readonly serviceName: string;
  readonly sampler: TraceSamplerName;
  readonly samplerArg: number;
  readonly sdkDisabled: boolean;
  readonly exportDelayMs: number;
}

/** Where spans are exported, or undefined when tracing is off. */
export function tracesUrlOf(settings: TelemetrySettings): string | undefined {
  if (settings.sdkDisabled) return undefined;
  if (settings.otlpTracesEndpoint !== undefined) return settings.otlpTracesEndpoint;
  if (settings.otlpEndpoint === undefined) return undefined;
  return `${settings.otlpEndpoint.replace(/\/+$/, "")}/v1/traces`;
}
