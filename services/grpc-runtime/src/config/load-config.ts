import { ConfigError } from "./config-error.js";
import type { Parser } from "./parsers.js";

/** One configuration key: where it comes from, what it means and how it is parsed. */
export interface ConfigKey<T> {
  /** Environment variable name, e.g. `USERS_PORT`. */
  readonly env: string;
  /** One line saying what the key is for. */
  readonly doc: string;
  /** Parser of the variable's text. */
  readonly parse: Parser<T>;
  /** Used when the variable is unset or empty; without one (and not `optional`) the key is required. */
  readonly default?: T;
  /** When true and unset, the value is `undefined`. */
  readonly optional?: boolean;
}

/** A configuration spec: keys by name. */
export type ConfigSpec = Readonly<Record<string, ConfigKey<any>>>;

/** The parsed configuration of a spec. */
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends ConfigKey<infer T>
    ? S[K] extends { readonly default: unknown }
      ? T
      : "optional" extends keyof S[K]
        ? S[K] extends { readonly optional: false } ? T : T | undefined
        : T
    : never;
};

/**
 * Reads and validates every key of `spec` from `env` once. Throws a ConfigError naming every
 * missing or invalid key (secret values are never echoed).
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: Record<string, string | undefined> = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: { key: string; env: string; problem: string }[] = [];
  for (const [key, def] of Object.entries(spec)) {
    const raw = env[def.env];
    if (raw === undefined || raw === "") {
      if ("default" in def) out[key] = def.default;
      else if (def.optional) out[key] = undefined;
      else problems.push({ key, env: def.env, problem: "is required" });
      continue;
    }
    try {
      out[key] = def.parse.parse(raw);
    } catch (err) {
      problems.push({ key, env: def.env, problem: (err as Error).message });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}
