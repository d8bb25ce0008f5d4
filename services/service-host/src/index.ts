export { startDomainService } from "./host/start-domain-service.js";
export type {
  CompositionScope,
  DomainComposition,
  DomainServiceIdentity,
  DomainServiceOptions,
  RunningDomainService,
} from "./host/start-domain-service.js";
export { domainServiceConfigSpec } from "./host/domain-service-config.js";
export { domainServiceIdentity } from "./host/domain-service-identity.js";
export { runDomainService } from "./host/run-domain-service.js";
export type { DomainProcessConfig, DomainProcessScope } from "./host/run-domain-service.js";

// The service kit: what users, catalog and orders share between their routes and use cases.
export {
  AlreadyExistsError,
  ConflictError,
  DomainError,
  FailedPreconditionError,
  InvalidInputError,
  MAX_REPORTED_VIOLATIONS,
  NotFoundError,
  UnauthenticatedError,
} from "./kit/domain-errors.js";
export type { FieldViolation, PreconditionViolation } from "./kit/domain-errors.js";
export { FieldViolations } from "./kit/field-violations.js";
export { checkBatchIds, checkId, MAX_BATCH_IDS } from "./kit/ids.js";
export { matchIds } from "./kit/match-ids.js";
export type { MatchedIds } from "./kit/match-ids.js";
export { checkPageSize } from "./kit/page-size.js";
export type { PageSizeRule } from "./kit/page-size.js";
export { pageTokenCodec } from "./kit/page-token.js";
export type { PageFilters, PageTokenCodec, PageTokenFormat } from "./kit/page-token.js";
export { readById } from "./kit/read-by-id.js";
export type { ReadableResource, ReadByIdRequest } from "./kit/read-by-id.js";
export { EVERY_FIELD, parseReadMask, selectColumns } from "./kit/read-mask.js";
export type { FieldSelection, SelectedFields } from "./kit/read-mask.js";
export { toConnectError } from "./kit/to-connect-error.js";
export { withDomainErrors } from "./kit/with-domain-errors.js";
export { seedWhenEmpty } from "./kit/seed-report.js";
export type { SeedReport } from "./kit/seed-report.js";
export { runMigrateCommand } from "./kit/migrate-command.js";
export type { MigrateCommandOptions } from "./kit/migrate-command.js";
export { runSeedCommand } from "./kit/seed-command.js";
export type { SeedCommandOptions, SeedCommandReport } from "./kit/seed-command.js";
