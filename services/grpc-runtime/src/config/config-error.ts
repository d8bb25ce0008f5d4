/** Thrown by `loadConfig` when a key is missing or invalid; the message names every bad key. */
export class ConfigError extends Error {
  /** One entry per bad key: its env var and what is wrong. */
  readonly problems: readonly { readonly key: string; readonly env: string; readonly problem: string }[];

  constructor(problems: ConfigError["problems"]) {
    super(`invalid configuration: ${problems.map((p) => `${p.env} (${p.key}): ${p.problem}`).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
