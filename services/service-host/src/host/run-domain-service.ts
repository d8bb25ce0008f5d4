import {
  createLogger,
  createTelemetry,
  loadGrpcTrust,
  shutdownOnSignals,
  type GrpcTrust,
  type GrpcTrustSettings,
  type Logger,
  type Telemetry,
  type TelemetrySettings,
} from "@shop/grpc-runtime";
import type { RunningDomainService } from "./start-domain-service.js";

/** What a domain service's parsed config holds for its process: log level, trust and telemetry settings. */
export type DomainProcessConfig = GrpcTrustSettings & TelemetrySettings & { readonly logLevel: string };

/** What the entry point adds to the config before starting the service. */
export interface DomainProcessScope {
  readonly trust: GrpcTrust;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
}

/**
 * Runs a domain service as a process (what each service's `main.ts` does with its parsed config):
 * mTLS with the service's certificate (GRPC_TLS_*), or plaintext when GRPC_INSECURE=true, the
 * files read and checked here, once (a missing or bad one stops the start naming its key); a
 * logger named after the service; the telemetry the config describes (metrics port, OTEL_* trace
 * export), which the service owns once started; then `start`, and a graceful stop on SIGTERM/SIGINT.
 */
export async function runDomainService<Config extends DomainProcessConfig>(
  name: string,
  config: Config,
  start: (options: Config & DomainProcessScope) => Promise<RunningDomainService>,
): Promise<void> {
  const trust = loadGrpcTrust(config);
  const logger = createLogger(name, { level: config.logLevel });
  const telemetry = createTelemetry({ settings: config, logger });
  const running = await start({ ...config, trust, logger, telemetry });
  shutdownOnSignals(running.stop, logger);
}
