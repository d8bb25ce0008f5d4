import { createLogger, shutdownOnSignals } from "@shop/grpc-runtime";
import { startCatalogService } from "./app.js";
import { loadCatalogConfig } from "./config.js";

// The process entry point: the only place that reads the environment.
const config = loadCatalogConfig(process.env);
const logger = createLogger("catalog", { level: config.logLevel });
const running = await startCatalogService({ ...config, logger });
shutdownOnSignals(running.stop, logger);
