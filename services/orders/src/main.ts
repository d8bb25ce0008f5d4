import { createLogger, shutdownOnSignals } from "@shop/platform";
import { startOrdersService } from "./app.js";
import { loadOrdersConfig } from "./config.js";

// The process entry point: configuration is read here, once.
const config = loadOrdersConfig();
const logger = createLogger("orders", { level: config.logLevel });
const running = await startOrdersService({
  port: config.port,
  host: config.host,
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  dbPoolSize: config.dbPoolSize,
  migrateOnStart: config.migrateOnStart,
  seed: config.seed,
  catalogTargets: config.catalogTargets,
  logger,
  shutdownGraceMs: config.shutdownGraceMs,
});
shutdownOnSignals(running.stop, logger);
