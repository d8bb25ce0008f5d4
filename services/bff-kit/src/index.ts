export { bffConfigKeys, loadBffConfig, BffConfigError } from "./bff-config.js";
export type { BffConfig, BffConfigOptions } from "./bff-config.js";
export { runBffProcess } from "./bff-process.js";
export type { BffProcessOptions, BffProcessResources } from "./bff-process.js";
export { callOptionsFor } from "./call-options.js";
export type { CallScope } from "./call-options.js";
export { createContextFactory } from "./context.js";
export type { BffContext, ContextFactoryOptions } from "./context.js";
export { startDeadline } from "./deadline.js";
export type { Deadline } from "./deadline.js";
export { graphQLCodeOf, SAFE_MESSAGES, unauthenticatedError } from "./error-codes.js";
export type { GraphQLErrorCode } from "./error-codes.js";
export { codedError, graphQLErrorFromConnect, inputViolationsOf } from "./error-mapping.js";
export type { InputViolation } from "./error-mapping.js";
export { createErrorMasker } from "./error-masking.js";
export { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, renderLocalGraphiQL } from "./graphiql.js";
export { createGrpcHealthCheck } from "./grpc-health-check.js";
export {
  API_CSP,
  arrivedOverTls,
  clientIpOf,
  corsHeaders,
  createHttpHardening,
  DEFAULT_HTTP_POLICY,
  GRAPHIQL_CSP,
  ipLimitKey,
  NO_CORS,
  UNKNOWN_CLIENT_IP,
  useNoFieldSuggestions,
  useNoIntrospection,
} from "./http/index.js";
export type { ArrivedRequest, CorsPolicy, HstsMode, HttpHardening, HttpPolicy } from "./http/index.js";
export { DEFAULT_LIMITS, useLimits } from "./limits.js";
export type { BffLimits } from "./limits.js";
export { createLoaders, isRecordId, LOADER_NAMES, loadInKeyOrder, MAX_BATCH_SIZE, primeLoader } from "./loaders.js";
export type { LoaderName, Loaders, LoaderTelemetry } from "./loaders.js";
export { DocumentHashes } from "./document-hash.js";
export { operationOf } from "./operation-definition.js";
export { ANONYMOUS_OPERATION, OperationNames, OTHER_OPERATION, UNKNOWN_OPERATION } from "./operation-names.js";
export type { NamedOperation } from "./operation-names.js";
export { operationOutcome } from "./operation-outcome.js";
export type { ResultShape } from "./operation-outcome.js";
export { currentOperation, OperationRecord } from "./operation-record.js";
export { createRequestReadMasks, mappingProblems, maskCovers, operationReadMasks, unionMask, useReadMasks } from "./read-masks/index.js";
export type {
  BffReadMaskMapping,
  OperationReadMasks,
  ReadEntity,
  ReadMask,
  ReadMaskMapping,
  ReadMaskRequest,
  ReadMaskTypeMapping,
  RequestReadMasks,
  SettableReadMasks,
} from "./read-masks/index.js";
export {
  createOperationBudget,
  createRateLimits,
  DEFAULT_RATE_LIMITS,
  isRateLimitedError,
  memoryLimiterStore,
  operationCost,
  rateLimitedError,
  redisLimiterStore,
  useOperationBudget,
} from "./rate-limits/index.js";
export type { FailurePolicy, LimiterStore, OperationBudget, Rate, RateLimits, RateLimitSettings, RateLimitsOptions, Spender } from "./rate-limits/index.js";
export { REQUEST_ID_HEADER, requestIdFrom, requestIdOf } from "./request-id.js";
export { createBffServer, CSRF_HEADERS, HEALTH_PATHS } from "./server.js";
export type { BffServer, BffServerOptions, DownstreamHealthCheck } from "./server.js";
export { createRedis } from "./redis.js";
export type { ServiceClients, ServiceName } from "./service-clients.js";
export type { AttemptKey, AttemptLimiter, SessionLimits } from "./session-limits.js";
export { failOpenRevocations, REVOCATION_WARNING_INTERVAL_MS } from "./session-revocations-fail-open.js";
export { createRedisSessionRevocations } from "./session-revocations-redis.js";
export type { RedisRevocationListOptions } from "./session-revocations-redis.js";
export { createMemorySessionRevocations, REVOCATION_LEEWAY_SECONDS } from "./session-revocations.js";
export type { RevocationListOptions, SessionRevocations } from "./session-revocations.js";
export { createTokenService, DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from "./tokens.js";
export type { Authentication, TokenOptions, TokenProblem, TokenService, Viewer } from "./tokens.js";
export { useRequestId } from "./use-request-id.js";
export { useTelemetry } from "./use-telemetry.js";
export type { TelemetryPluginOptions } from "./use-telemetry.js";
export { requireViewer } from "./viewer.js";
