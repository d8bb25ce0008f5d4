export { ConfigError } from "./config-error.js";
export { describeConfig } from "./describe-config.js";
export { LOG_LEVELS } from "./log-levels.js";
export { isProduction, loadConfig } from "./load-config.js";
export type { ConfigKey, ConfigOf, ConfigSpec } from "./load-config.js";
export { bool, decimal, int, list, oneOf, secret, str, targets, url } from "./parsers.js";
export type { Parser } from "./parsers.js";
