import { createLogger, shutdownOnSignals } from "@shop/grpc-runtime";
import { startOrdersService } from "./app.js";
import { loadOrdersConfig } from "./config.js";

// The process entry point: the only place that reads the environment.
const config = loadOrdersConfig(process.env);
const logger = createLogger("orders", { level: config.logLevel });
const running = await startOrdersService({ ...config, logger });
shutdownOnSignals(running.stop, logger);
