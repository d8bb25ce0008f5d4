export { mappingProblems } from "./mapping.js";
export type { ReadMaskMapping, ReadMaskTypeMapping } from "./mapping.js";
export { maskCovers, unionMask } from "./mask-paths.js";
export type { ReadMask } from "./mask-paths.js";
export { operationReadMasks } from "./operation-read-masks.js";
export type { OperationReadMasks } from "./operation-read-masks.js";
export { createRequestReadMasks } from "./request-read-masks.js";
export type { BffReadMaskMapping, ReadEntity, ReadMaskRequest, RequestReadMasks, SettableReadMasks } from "./request-read-masks.js";
export { useReadMasks } from "./use-read-masks.js";
