export { alreadyExists, failedPrecondition, invalidArgument, notFound, unauthenticated } from "./domain-errors.js";
export type { FieldViolation, PreconditionViolation } from "./domain-errors.js";
export { fieldViolationsOf, notFoundIdsOf, preconditionViolationsOf } from "./error-details.js";
export { Violations } from "./violations.js";
export {
  decodeStatus,
  encodeStatusDetails,
  INTERNAL_MESSAGE,
  STATUS_DETAILS_TRAILER,
  toCallerError,
} from "./status-codec.js";
