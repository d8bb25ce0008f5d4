export { createLogger, silentLogger } from "./create-logger.js";
export type { LoggerOptions } from "./create-logger.js";
export type { Logger } from "pino";
