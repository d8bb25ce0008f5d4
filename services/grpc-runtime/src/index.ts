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
  createClients,
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
export { clientCredentialsFor } from "./auth/client-credentials.js";
export { loadClientTrust } from "./auth/client-trust.js";
export type { ClientTrust } from "./auth/client-trust.js";
export { END_USER, endUserValues } from "./auth/end-user.js";
export { currentActor, currentPrincipal, mayActFor, requireActingFor, requireUserAsserter } from "./auth/current-actor.js";
export type { Actor, Principal } from "./auth/principal.js";
export {
  clientTlsOf,
  DEFAULT_PRIVILEGED_CALLERS,
  DEFAULT_USER_ASSERTERS,
  grpcTlsConfigSpec,
  grpcTrustConfigSpec,
  loadGrpcTrust,
} from "./auth/grpc-trust.js";
export type { CallerRules, GrpcTrust, GrpcTrustSettings, InsecureTrust, MtlsTrust } from "./auth/grpc-trust.js";
export { commonNameOf, IDENTITY_NAME, loadTlsIdentity, TlsIdentityError, tlsIdentityFromPem } from "./auth/tls-identity.js";
export type { TlsFiles, TlsIdentity, TlsPart } from "./auth/tls-identity.js";
export {
  MAX_USER_TOKEN_LENGTH,
  MAX_USER_TOKEN_LIFETIME_SECONDS,
  signUserToken,
  USER_TOKEN_CLOCK_SKEW_SECONDS,
  USER_TOKEN_HEADER,
  USER_TOKEN_LIFETIME_SECONDS,
  verifyUserToken,
} from "./auth/user-token.js";
export type { UserTokenClaims } from "./auth/user-token.js";
export { UserTokenSigner, userTokenSignerFor } from "./auth/user-token-signer.js";
export type { UserTokenSignerOptions } from "./auth/user-token-signer.js";
