/** Turns the text of an environment variable into a value, or throws an Error saying why not. */
export interface Parser<T> {
  /** Parses `raw`; throws with a short reason (never echoing a secret) when it is invalid. */
  readonly parse: (raw: string) => T;
  /** Human description of the format, for `describeConfig`. */
  readonly format: string;
  /** True when the value must never be printed (logs, errors, `describeConfig`). */
  readonly secret?: boolean;
}

/** A string, optionally bounded in length and matched against a pattern. */
export function str(opts: { minLength?: number; maxLength?: number; pattern?: RegExp } = {}): Parser<string> {
  const { minLength = 0, maxLength = Number.POSITIVE_INFINITY, pattern } = opts;
  return {
    format: pattern ? `string matching ${pattern}` : "string",
    parse(raw) {
      if (raw.length < minLength) throw new Error(`must be at least ${minLength} chars`);
      if (raw.length > maxLength) throw new Error(`must be at most ${maxLength} chars`);
      if (pattern && !pattern.test(raw)) throw new Error(`must match ${pattern}`);
      return raw;
    },
  };
}

/** An integer in [min, max]. */
export function int(opts: { min?: number; max?: number } = {}): Parser<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
  return {
    format: `integer ${min === Number.MIN_SAFE_INTEGER ? "" : `>= ${min}`}${max === Number.MAX_SAFE_INTEGER ? "" : ` <= ${max}`}`.trim(),
    parse(raw) {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`);
      const value = Number(raw.trim());
      if (value < min || value > max) throw new Error(`must be between ${min} and ${max}, got ${value}`);
      return value;
    },
  };
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`). */
export function bool(): Parser<boolean> {
  return {
    format: "boolean",
    parse(raw) {
      const v = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      throw new Error(`must be true or false, got "${raw}"`);
    },
  };
}

/** One of the listed values. */
export function oneOf<const T extends string>(values: readonly T[]): Parser<T> {
  return {
    format: values.join(" | "),
    parse(raw) {
      if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(", ")}, got "${raw}"`);
      return raw as T;
    },
  };
}

/** An absolute URL, optionally restricted to some protocols (e.g. `["postgres:", "postgresql:"]`). */
export function url(opts: { protocols?: readonly string[] } = {}): Parser<string> {
  return {
    format: opts.protocols ? `URL (${opts.protocols.join(", ")})` : "URL",
    parse(raw) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new Error("must be an absolute URL");
      }
      if (opts.protocols && !opts.protocols.includes(parsed.protocol)) {
        throw new Error(`must use ${opts.protocols.join(" or ")}`);
      }
      return raw;
    },
  };
}

/** A comma-separated list, each item parsed by `item`. */
export function list<T>(item: Parser<T>, opts: { separator?: string } = {}): Parser<T[]> {
  const { separator = "," } = opts;
  return {
    format: `${item.format} list separated by "${separator}"`,
    ...(item.secret ? { secret: true } : {}),
    parse(raw) {
      return raw
        .split(separator)
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map((s, i) => {
          try {
            return item.parse(s);
          } catch (err) {
            throw new Error(`item ${i}: ${(err as Error).message}`);
          }
        });
    },
  };
}

/** A non-empty string that is never printed. */
export function secret(opts: { minLength?: number } = {}): Parser<string> {
  const { minLength = 1 } = opts;
  return {
    format: "secret",
    secret: true,
    parse(raw) {
      if (raw.length < minLength) throw new Error(`must be at least ${minLength} chars`);
      return raw;
    },
  };
}
