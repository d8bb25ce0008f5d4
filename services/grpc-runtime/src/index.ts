export {
  ConfigError,
  LOG_LEVELS,
  bool,
  decimal,
  describeConfig,
  int,
  isProduction,
  list,
  loadConfig,
  oneOf,
  secret,
  str,
  targets,
  url,
} from "./config/index.js";
export type { ConfigKey, ConfigOf, ConfigSpec, Parser } from "./config/index.js";
export { currentRequestContext, runWithRequestContext } from "./context/index.js";
export type { RequestContext } from "./context/index.js";
export {
  alreadyExists,
  failedPrecondition,
  fieldViolationsOf,
  invalidArgument,
  notFound,
  notFoundIdsOf,
  preconditionViolationsOf,
  unauthenticated,
} from "./errors/index.js";
export type { FieldViolation, PreconditionViolation } from "./errors/index.js";
export {
  closeClient,
  createClient,
  createGrpcTransport,
  service,
  shutdownOnSignals,
  startGrpcServer,
} from "./grpc/index.js";
export type {
  CircuitBreakerOptions,
  ClientOptions,
  GrpcServer,
  GrpcServerOptions,
  GrpcTransport,
  RetryOptions,
  ServiceRegistration,
} from "./grpc/index.js";
export { createLogger, silentLogger } from "./logging/index.js";
export type { Logger, LoggerOptions } from "./logging/index.js";
// Traces, metrics and their configuration: see telemetry/index.ts for the list.
export * from "./telemetry/index.js";
