export { bffConfigKeys, loadBffConfig, BffConfigError } from "./bff-config.js";
export type { BffConfig, BffConfigOptions } from "./bff-config.js";
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
export { REQUEST_ID_HEADER, requestIdFrom, requestIdOf } from "./request-id.js";
export { createBffServer, CSRF_HEADERS, HEALTH_PATHS } from "./server.js";
export type { BffServer, BffServerOptions, DownstreamHealthCheck } from "./server.js";
export type { ServiceClients, ServiceName } from "./service-clients.js";
export { createTokenService } from "./tokens.js";
export type { Authentication, TokenOptions, TokenProblem, TokenService, Viewer } from "./tokens.js";
export { useRequestId } from "./use-request-id.js";
export { useTelemetry } from "./use-telemetry.js";
export type { TelemetryPluginOptions } from "./use-telemetry.js";
export { requireViewer } from "./viewer.js";
