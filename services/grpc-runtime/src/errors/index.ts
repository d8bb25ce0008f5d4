export { alreadyExists, failedPrecondition, invalidArgument, notFound, unauthenticated } from "./status-errors.js";
export type { FieldViolation, PreconditionViolation } from "./status-errors.js";
export { fieldViolationsOf, notFoundIdsOf, preconditionViolationsOf } from "./error-details.js";
export {
  boundedStatusMessage,
  decodeStatus,
  encodeStatusDetails,
  INTERNAL_MESSAGE,
  MAX_STATUS_DETAILS_BYTES,
  MAX_STATUS_MESSAGE_BYTES,
  STATUS_DETAILS_TRAILER,
  toCallerError,
} from "./status-codec.js";
