import {
  closeClient,
  createClients,
  createLogger,
  createTelemetry,
  loadClientTrust,
  shutdownOnSignals,
  type Logger,
  type Telemetry,
} from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import type { Redis } from "ioredis";
import type { BffConfig } from "./bff-config.js";
import { createGrpcHealthCheck } from "./grpc-health-check.js";
import { createRedis } from "./redis.js";
import type { BffServer, DownstreamHealthCheck } from "./server.js";
import type { ServiceClients } from "./service-clients.js";

/** What a BFF process opens for its server: the shared part of every BFF's server options. */
export interface BffProcessResources {
  readonly config: BffConfig;
  readonly logger: Logger;
  /** The users, catalog and orders clients, over mTLS (or plaintext with GRPC_INSECURE=true). */
  readonly clients: ServiceClients;
  /** grpc.health.v1 checks of every service target, over the clients' identity. */
  readonly checkDownstream: DownstreamHealthCheck;
  /** Metrics always; traces when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly telemetry: Telemetry;
  /** The process's one Redis client when REDIS_URL is set (rate limits and ended sessions shared by every replica). */
  readonly redis?: Redis;
}

/** Who the process is and how it is configured. */
export interface BffProcessOptions {
  /** e.g. "bff-web": names the logger and is the `caller` of its gRPC calls. */
  readonly name: string;
  /** The BFF's configuration, parsed once from the environment by its `main.ts`. */
  readonly config: BffConfig;
  /** What the configuration makes worth a warning at start (e.g. a generated JWT secret). @default none */
  readonly warnings?: readonly string[];
}

/**
 * Runs a BFF process from its parsed config (what each BFF's `main.ts` does): logs the start
 * warnings, opens the {@link BffProcessResources}, makes the server with `createServer`, listens, serves the metrics,
 * and on SIGTERM/SIGINT closes the server (draining requests), then the health checks, Redis and
 * the clients, and last the telemetry (so the spans of the drained requests are flushed).
 */
export async function runBffProcess(
  options: BffProcessOptions,
  createServer: (resources: BffProcessResources) => BffServer | Promise<BffServer>,
): Promise<void> {
  const { name, config } = options;
  const logger = createLogger(name, { level: config.logLevel });
  for (const warning of options.warnings ?? []) logger.warn(warning);
  // mTLS to the services with this process's certificate (its CN is who it is to them), or
  // plaintext (with a warning) when GRPC_INSECURE=true. The files are read and checked here, once.
  // One signer for the three clients: the signed-in user's token is made once and reused by all.
  const { tls, userTokens } = loadClientTrust(config.grpc, logger);
  // The clients' spans join the operations' traces.
  const telemetry = createTelemetry({ settings: config.telemetry, logger });
  // Each client checks that its server's certificate is that service's (users, catalog, orders).
  const services = { users: UserService, catalog: CatalogService, orders: OrderService };
  const clients: ServiceClients = createClients(services, config.targets, { caller: name, logger, telemetry, tls, userTokens });
  const checkDownstream = createGrpcHealthCheck(config.targets, { tls });
  // Without REDIS_URL, the rate limits and the list of ended sessions live in this process's memory.
  const redis = config.redisUrl === undefined ? undefined : createRedis(config.redisUrl);

  const server = await createServer({ config, logger, clients, checkDownstream, telemetry, ...(redis ? { redis } : {}) });
  await server.listen();
  await telemetry.serveMetrics();

  shutdownOnSignals(async () => {
    await server.close();
    checkDownstream.close();
    redis?.disconnect();
    for (const client of Object.values(clients)) closeClient(client);
    // Last: the spans of the requests that just drained are flushed.
    await telemetry.shutdown();
  }, logger);
}
