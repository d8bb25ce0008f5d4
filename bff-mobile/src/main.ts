// bff-mobile process: config once, clients, server, graceful shutdown.
import { closeClient, createClient, createLogger, createTelemetry, shutdownOnSignals } from "@shop/grpc-runtime";
import { createGrpcHealthCheck, type ServiceClients } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { loadMobileConfig } from "./config.js";
import { createMobileServer } from "./server.js";

const config = loadMobileConfig(process.env);
const logger = createLogger("bff-mobile", { level: config.logLevel });
if (config.jwtSecretGenerated) {
  logger.warn("JWT_SECRET is not set: using a generated development secret; tokens die with this process");
}
if (!config.trustedDocumentsOnly) {
  logger.warn("MOBILE_TRUSTED_DOCUMENTS_ONLY is off: any GraphQL document is accepted (development mode)");
}

// Metrics always; traces when OTEL_EXPORTER_OTLP_ENDPOINT is set. The clients' spans join the operations' traces.
const telemetry = createTelemetry({ settings: config.telemetry, logger });
const clientOptions = { caller: "bff-mobile", logger, telemetry };
const clients: ServiceClients = {
  users: createClient(UserService, config.targets.users, clientOptions),
  catalog: createClient(CatalogService, config.targets.catalog, clientOptions),
  orders: createClient(OrderService, config.targets.orders, clientOptions),
};
const checkDownstream = createGrpcHealthCheck(config.targets);

const server = await createMobileServer({
  clients,
  config,
  logger,
  checkDownstream,
  trustedDocumentsOnly: config.trustedDocumentsOnly,
  retiredAppVersions: config.retiredAppVersions,
  releasedDir: config.releasedOperationsDir,
  telemetry,
});
await server.listen();
await telemetry.serveMetrics();

shutdownOnSignals(async () => {
  await server.close();
  checkDownstream.close();
  for (const client of Object.values(clients)) closeClient(client);
  // Last: the spans of the requests that just drained are flushed.
  await telemetry.shutdown();
}, logger);
