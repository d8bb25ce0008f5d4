export { currentRequestContext, runWithRequestContext } from "./request-context.js";
export type { RequestContext } from "./request-context.js";
export { propagatedDeadline, propagatedHeaders } from "./propagation.js";
