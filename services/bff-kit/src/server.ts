import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Telemetry } from "@shop/grpc-runtime";
import { getVariableValues, type GraphQLSchema } from "graphql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { BffConfig } from "./bff-config.js";
import { useBodyLimit } from "./body-limit.js";
import { createContextFactory, type BffContext } from "./context.js";
import { createErrorMasker } from "./error-masking.js";
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, renderLocalGraphiQL } from "./graphiql.js";
import { clientIpOf } from "./http/client-ip.js";
import { createHttpHardening } from "./http/http-hardening.js";
import { DEFAULT_HTTP_POLICY } from "./http/http-policy.js";
import { useNoFieldSuggestions, useNoIntrospection } from "./http/production-mode.js";
import { GRAPHIQL_CSP, useGraphiqlCsp } from "./http/security-headers.js";
import { useLimits } from "./limits.js";
import { operationOf } from "./operation-definition.js";
import { OperationNames } from "./operation-names.js";
import { currentOperation } from "./operation-record.js";
import { DEFAULT_RATE_LIMITS } from "./rate-limits/rate-limit-settings.js";
import { createRateLimits, type RateLimits } from "./rate-limits/rate-limits.js";
import { useOperationBudget } from "./rate-limits/use-operation-budget.js";
import { useReadMasks, type BffReadMaskMapping } from "./read-masks/index.js";
import type { ServiceClients } from "./service-clients.js";
import { failOpenRevocations } from "./session-revocations-fail-open.js";
import { createRedisSessionRevocations } from "./session-revocations-redis.js";
import { createMemorySessionRevocations, REVOCATION_LEEWAY_SECONDS, type SessionRevocations } from "./session-revocations.js";
import { createTokenService, type TokenService } from "./tokens.js";
import { useRequestId } from "./use-request-id.js";
import { useTelemetry } from "./use-telemetry.js";

/** Health of each downstream service (true = SERVING), e.g. from the grpc.health.v1 Check. */
export type DownstreamHealthCheck = () => Promise<Readonly<Record<string, boolean>>>;

/**
 * The health endpoints: `live` (the process answers), `startup` (listening), `ready` (listening and
 * not draining: may get traffic) and `downstream` (every service SERVING; informational, never
 * a probe).
 */
export const HEALTH_PATHS: readonly string[] = ["/health/live", "/health/startup", "/health/ready", "/health/downstream"];

/** Headers any one of which marks a GET (or form) request as not a cross-site forgery. */
export const CSRF_HEADERS: readonly string[] = ["x-graphql-csrf", "x-graphql-yoga-csrf", "apollo-require-preflight"];

/** Everything a BFF process is made of. */
export interface BffServerOptions {
  /** The BFF's Pothos schema. Its resolvers get a {@link BffContext}. */
  readonly schema: GraphQLSchema;
  readonly clients: ServiceClients;
  /**
   * Port, host, secret, budget, limits (see loadBffConfig). Without `http` the defaults apply (no
   * proxy trusted, HSTS auto, no CORS); without `rateLimits`, the default limits.
   */
  readonly config: Pick<BffConfig, "port" | "host" | "jwtSecret" | "jwtTtlSeconds" | "requestBudgetMs" | "shutdownGraceMs" | "limits" | "production"> &
    Partial<Pick<BffConfig, "readMasks" | "http" | "rateLimits">>;
  readonly logger: Logger;
  /** Sent to every service as `x-caller`, e.g. "bff-web". */
  readonly name: string;
  /**
   * The BFF's GraphQL type → proto paths mapping. When given (and `config.readMasks` is not
   * false), every read RPC carries the mask the operation needs (`useReadMasks`).
   */
  readonly readMaskMapping?: BffReadMaskMapping;
  /** Extra yoga plugins (e.g. trusted documents), run after limits and CSRF prevention. */
  readonly plugins?: readonly Plugin[];
  /** `/health/downstream` answers 200 only when every service reported here is serving. @default none checked */
  readonly checkDownstream?: DownstreamHealthCheck;
  /** Serve GraphiQL at GET /graphql (from local assets). @default !config.production */
  readonly graphiql?: boolean;
  /**
   * Answer introspection (`__schema`, `__type`); when false it fails validation. Field suggestions
   * ("Did you mean …?") are stripped from every error in production whatever this says.
   * @default !config.production
   */
  readonly introspection?: boolean;
  /**
   * Execute operations with graphql-jit (each validated document compiled once, then cached)
   * instead of the interpreting executor, which costs less CPU per operation (figures in
   * `test/bench/bff/README.md`). Same results, errors and masking. @default true
   */
  readonly jit?: boolean;
  /**
   * Where each operation's SERVER span, its DataLoader batch spans and the RED and DataLoader
   * metrics go (`createTelemetry`); give the same to the service clients, whose client spans
   * then join the operation's trace. Without it, operations are still logged (access line,
   * request and trace ids on every line) but neither traced nor measured. @default none
   */
  readonly telemetry?: Telemetry;
  /**
   * The operation labels of the metrics. @default OperationNames.open(): the first 100 well-formed
   * names the process sees, then "other"
   */
  readonly operationNames?: OperationNames;
  /**
   * The process's Redis client (`createRedis(REDIS_URL)`), shared by every replica. When given,
   * ended sessions go on a revocation list in Redis that every replica reads; else the list is in
   * this process's memory. Either way the list fails open (see `failOpenRevocations`). @default none
   */
  readonly redis?: Redis;
  /**
   * The login, signUp, refresh and operation budget limits. @default `createRateLimits` of
   * `config.rateLimits` over {@link BffServerOptions.redis} (in memory without it)
   */
  readonly rateLimits?: RateLimits;
}

/** A BFF's HTTP server: GraphQL at /graphql, GraphiQL, health endpoints, graceful shutdown. */
export interface BffServer {
  readonly yoga: YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, BffContext>;
  readonly httpServer: Server;
  readonly tokens: TokenService;
  /** Starts listening (config port; 0 = a free one) and resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  close(): Promise<void>;
}

/**
 * graphql-jit for operations whose variables coerce cleanly. Variable errors are left to the
 * interpreting executor, so their messages and HTTP status stay exactly as without JIT.
 */
function useJit(logger: Logger): Plugin {
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName, variableValues }) => {
        const operation = operationOf(document, operationName);
        if (!operation) return false;
        if (!operation.variableDefinitions || operation.variableDefinitions.length === 0) return true;
        return !("errors" in getVariableValues(schema, operation.variableDefinitions, variableValues ?? {}));
      },
      onError: (result) => logger.error({ errors: result.errors }, "graphql-jit could not compile a document; it is answered with these errors"),
    },
  ) as Plugin;
}

/** The list of ended sessions: in Redis when the process has a client, else in memory; fail-open. */
function revocationListOf(options: BffServerOptions): SessionRevocations {
  const retention = { retentionSeconds: options.config.jwtTtlSeconds + REVOCATION_LEEWAY_SECONDS };
  const list = options.redis ? createRedisSessionRevocations(options.redis, retention) : createMemorySessionRevocations(retention);
  return failOpenRevocations(list, options.logger);
}

export function createBffServer(options: BffServerOptions): BffServer {
  const { schema, clients, config, logger, name } = options;
  const tokens = createTokenService({ secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds, revocations: revocationListOf(options) });
  const { telemetry } = options;
  const http = config.http ?? DEFAULT_HTTP_POLICY;
  const hardening = createHttpHardening(http);
  const rateLimits = options.rateLimits ?? createRateLimits(config.rateLimits ?? DEFAULT_RATE_LIMITS, { redis: options.redis, logger });
  const createContext = createContextFactory({
    clients, tokens, caller: name, requestBudgetMs: config.requestBudgetMs, telemetry,
    limitsFor: (clientIp) => rateLimits.sessionLimitsFor(clientIp),
  });
  const graphiql = options.graphiql ?? !config.production;
  const introspection = options.introspection ?? !config.production;

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, BffContext>({
    schema,
    graphqlEndpoint: "/graphql",
    // `req` is the Node request (absent under yoga.fetch in tests: the address is then unknown).
    context: ({ request, req }) => createContext(request, currentOperation(), (req as IncomingMessage | undefined)?.socket ? clientIpOf(req, http.trustProxyHops) : undefined),
    maskedErrors: { maskError: createErrorMasker(logger) },
    graphiql: graphiql ? { title: name, headers: JSON.stringify({ "x-graphql-csrf": "1" }) } : false,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    // CORS is answered for every path by the HTTP hardening (yoga's own would allow any origin).
    cors: false,
    multipart: false,
    // Enforced by useBodyLimit instead: yoga's own limit streams every body through a transform.
    maxRequestBodySize: false,
    logging: {
      debug: (...args) => logger.debug({ yoga: args }),
      info: (...args) => logger.info({ yoga: args }),
      warn: (...args) => logger.warn({ yoga: args }),
      error: (...args) => logger.error({ yoga: args }),
    },
    plugins: [
      // First: its request context wraps everything the other plugins do.
      useTelemetry({ logger, telemetry, operationNames: options.operationNames ?? OperationNames.open() }),
      useRequestId(),
      useBodyLimit(config.limits.maxBodyBytes),
      ...useLimits(config.limits),
      ...(introspection ? [] : [useNoIntrospection()]),
      ...(config.production ? [useNoFieldSuggestions()] : []),
      useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] }),
      // After validation, before execution: an operation over budget runs nothing.
      useOperationBudget(rateLimits.operations) as Plugin,
      ...(graphiql ? [useGraphiqlCsp()] : []),
      ...(options.jit === false ? [] : [useJit(logger)]),
      ...(options.readMaskMapping === undefined || config.readMasks === false ? [] : [useReadMasks(options.readMaskMapping) as Plugin]),
      ...(options.plugins ?? []),
    ],
  });

  let started = false;
  let stopping = false;
  const inFlight = new Set<ServerResponse>();

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  // Readiness is this process's own state only. A BFF whose catalog is down still answers every
  // field that does not need the catalog (partial answers); failing readiness for it would take
  // every BFF pod out of its Service at once and turn one service's outage into a total one.
  // The services' health is reported at /health/downstream for people and dashboards.
  const health = async (path: string, res: ServerResponse): Promise<void> => {
    if (path === "/health/live") return sendJson(res, 200, { status: "live" });
    if (path === "/health/startup") return sendJson(res, started ? 200 : 503, { status: started ? "started" : "starting" });
    if (path === "/health/ready") {
      if (stopping) return sendJson(res, 503, { status: "stopping" });
      return sendJson(res, started ? 200 : 503, { status: started ? "ready" : "starting" });
    }
    let services: Readonly<Record<string, boolean>> = {};
    try {
      services = options.checkDownstream ? await options.checkDownstream() : {};
    } catch (error) {
      logger.warn({ err: error }, "downstream health check failed");
      return sendJson(res, 503, { status: "unknown", services });
    }
    const serving = Object.values(services).every(Boolean);
    return sendJson(res, serving ? 200 : 503, { status: serving ? "serving" : "degraded", services });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Security and CORS headers on every answer; a CORS preflight is answered right there.
    if (hardening.apply(req, res)) return;
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (req.method === "GET" && HEALTH_PATHS.includes(path)) {
      return health(path, res);
    }
    if (graphiql && req.method === "GET" && path.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      const asset = await graphiqlAsset(path.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (!asset) return sendJson(res, 404, { error: "not found" });
      res.writeHead(200, { "content-type": asset.contentType, "cache-control": "public, max-age=86400", "content-security-policy": GRAPHIQL_CSP });
      res.end(asset.body);
      return;
    }
    if (stopping) {
      res.setHeader("connection", "close");
      return sendJson(res, 503, { errors: [{ message: "The server is shutting down.", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    }
    await yoga(req, res);
  };

  const httpServer = createServer((req, res) => {
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "request handling failed");
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else res.destroy();
    });
  });

  return {
    yoga,
    httpServer,
    tokens,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off("error", reject);
          started = true;
          const port = (httpServer.address() as AddressInfo).port;
          logger.info({ port, host: config.host }, `${name} listening`);
          resolve(port);
        });
      }),
    close: async () => {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const graceOver = new Promise<"grace">((resolve) => {
        const timer = setTimeout(() => resolve("grace"), config.shutdownGraceMs);
        timer.unref();
      });
      const drained = (async () => {
        while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 20));
      })();
      if ((await Promise.race([drained, graceOver])) === "grace") {
        logger.warn({ inFlight: inFlight.size }, "grace period over; closing remaining connections");
      }
      httpServer.closeAllConnections();
      await closed;
      await yoga.dispose();
      logger.info(`${name} stopped`);
    },
  };
}
