import { createLogger, shutdownOnSignals } from "@shop/grpc-runtime";
import { startUsersService } from "./app.js";
import { loadUsersConfig } from "./config.js";

// The process entry point: the only place that reads the environment.
const config = loadUsersConfig(process.env);
const logger = createLogger("users", { level: config.logLevel });
const running = await startUsersService({ ...config, logger });
shutdownOnSignals(running.stop, logger);
