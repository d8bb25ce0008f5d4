import { createLogger, createTelemetry, shutdownOnSignals } from "@shop/grpc-runtime";
import { startUsersService } from "./app.js";
import { loadUsersConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// telemetry settings (metrics port, OTEL_* trace export); the service owns the telemetry once started.
const config = loadUsersConfig(process.env);
const logger = createLogger("users", { level: config.logLevel });
const telemetry = createTelemetry({ settings: config, logger });
const running = await startUsersService({ ...config, logger, telemetry });
shutdownOnSignals(running.stop, logger);
