import { createLogger, createTelemetry, shutdownOnSignals } from "@shop/grpc-runtime";
import { startCatalogService } from "./app.js";
import { loadCatalogConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// telemetry settings (metrics port, OTEL_* trace export); the service owns the telemetry once started.
const config = loadCatalogConfig(process.env);
const logger = createLogger("catalog", { level: config.logLevel });
const telemetry = createTelemetry({ settings: config, logger });
const running = await startCatalogService({ ...config, logger, telemetry });
shutdownOnSignals(running.stop, logger);
