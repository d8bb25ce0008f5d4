import { createBffServer, type BffConfig, type BffServer, type BffServerOptions, type DownstreamHealthCheck, type ServiceClients } from "@shop/bff-kit";
import type { Telemetry } from "@shop/grpc-runtime";
import type { Logger } from "pino";
import { WEB_READ_MASK_MAPPING } from "./read-mask-mapping.js";
import { schema } from "./schema/index.js";

/** The web BFF over the given clients: schema + the shared BFF server. */
export function createWebServer(deps: {
  readonly clients: ServiceClients;
  readonly config: BffConfig;
  readonly logger: Logger;
  readonly checkDownstream?: DownstreamHealthCheck;
  /** Where the operations' spans and metrics go (give the clients the same). @default none */
  readonly telemetry?: Telemetry;
  /** The process's Redis client (REDIS_URL): rate limits and ended sessions shared by every replica. @default memory */
  readonly redis?: BffServerOptions["redis"];
}): BffServer {
  return createBffServer({ schema, name: "bff-web", readMaskMapping: WEB_READ_MASK_MAPPING, ...deps });
}
