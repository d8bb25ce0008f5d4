import { closeClient, createClient, createLogger, createTelemetry, shutdownOnSignals } from "@shop/grpc-runtime";
import { createGrpcHealthCheck } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { loadWebConfig } from "./config.js";
import { createWebServer } from "./server.js";

const config = loadWebConfig(process.env);
const logger = createLogger("bff-web", { level: config.logLevel });
if (config.jwtSecretGenerated) {
  logger.warn("JWT_SECRET is not set: using a generated development secret; tokens die with this process and bff-mobile will not accept them");
}

// Metrics always; traces when OTEL_EXPORTER_OTLP_ENDPOINT is set. The clients' spans join the operations' traces.
const telemetry = createTelemetry({ settings: config.telemetry, logger });
const options = { caller: "bff-web", logger, telemetry };
const clients = {
  users: createClient(UserService, [...config.targets.users], options),
  catalog: createClient(CatalogService, [...config.targets.catalog], options),
  orders: createClient(OrderService, [...config.targets.orders], options),
};
const health = createGrpcHealthCheck(config.targets);
const server = createWebServer({ clients, config, logger, checkDownstream: health, telemetry });
await server.listen();
await telemetry.serveMetrics();

shutdownOnSignals(async () => {
  await server.close();
  health.close();
  for (const client of Object.values(clients)) closeClient(client);
  // Last: the spans of the requests that just drained are flushed.
  await telemetry.shutdown();
}, logger);
