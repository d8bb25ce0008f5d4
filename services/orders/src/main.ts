import { createLogger, createTelemetry, shutdownOnSignals } from "@shop/grpc-runtime";
import { startOrdersService } from "./app.js";
import { loadOrdersConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// telemetry settings (metrics port, OTEL_* trace export); the service owns the telemetry once started.
const config = loadOrdersConfig(process.env);
const logger = createLogger("orders", { level: config.logLevel });
const telemetry = createTelemetry({ settings: config, logger });
const running = await startOrdersService({ ...config, logger, telemetry });
shutdownOnSignals(running.stop, logger);
