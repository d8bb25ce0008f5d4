import { createLogger, shutdownOnSignals } from "@shop/platform";
import { startCatalogService } from "./app.js";
import { loadCatalogConfig } from "./config.js";

// The one place that reads the environment.
const config = loadCatalogConfig(process.env);
const logger = createLogger("catalog", { level: config.logLevel });
const running = await startCatalogService({
  port: config.port,
  host: config.host,
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  dbPoolSize: config.dbPoolSize,
  migrateOnStart: config.migrateOnStart,
  seed: config.seed,
  shutdownGraceMs: config.shutdownGraceMs,
  logger,
});
shutdownOnSignals(running.stop, logger);
