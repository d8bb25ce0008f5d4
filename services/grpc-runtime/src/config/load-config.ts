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
  /**
   * What changes when `NODE_ENV=production`: the key becomes required (`required` says why, for
   * the error message), takes a safer default (demo seeding off, say), and/or refuses a value that
   * is for development only (`refuse.value`, with `refuse.why` for the error message).
   */
  readonly production?: { readonly required?: string; readonly default?: T; readonly refuse?: { readonly value: T; readonly why: string } };
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

/** True when `env` says the process runs in production (`NODE_ENV=production`). */
export function isProduction(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NODE_ENV?.trim() === "production";
}

/**
 * Reads and validates every key of `spec` from `env` once. Throws a ConfigError naming every
 * missing or invalid key (secret values are never echoed). With `NODE_ENV=production` in `env`,
 * each key's `production` overrides apply.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: Record<string, string | undefined> = process.env): ConfigOf<S> {
  const production = isProduction(env);
  const out: Record<string, unknown> = {};
  const problems: { key: string; env: string; problem: string }[] = [];
  for (const [key, def] of Object.entries(spec)) {
    const raw = env[def.env];
    if (raw === undefined || raw === "") {
      const prod = production ? def.production : undefined;
      if (prod?.required !== undefined) problems.push({ key, env: def.env, problem: `is required when NODE_ENV=production (${prod.required})` });
      else if (prod !== undefined && "default" in prod) out[key] = prod.default;
      else if ("default" in def) out[key] = def.default;
      else if (def.optional) out[key] = undefined;
      else problems.push({ key, env: def.env, problem: "is required" });
      continue;
    }
    try {
      out[key] = def.parse.parse(raw);
    } catch (err) {
      problems.push({ key, env: def.env, problem: (err as Error).message });
      continue;
    }
    const refuse = production ? def.production?.refuse : undefined;
    if (refuse !== undefined && out[key] === refuse.value) {
      problems.push({ key, env: def.env, problem: `must not be ${JSON.stringify(refuse.value)} when NODE_ENV=production (${refuse.why})` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}
