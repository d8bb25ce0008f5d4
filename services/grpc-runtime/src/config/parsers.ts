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
  const bounds = `${min === Number.MIN_SAFE_INTEGER ? "" : `>= ${min}`}${max === Number.MAX_SAFE_INTEGER ? "" : ` <= ${max}`}`.trim();
  return numberIn(/^-?\d+$/, "an integer", `integer ${bounds}`.trim(), min, max);
}

/** A decimal number in [min, max] (e.g. a sampling ratio). */
export function decimal(opts: { min?: number; max?: number } = {}): Parser<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = opts;
  return numberIn(/^-?(\d+\.?\d*|\.\d+)$/, "a number", `number between ${min} and ${max}`, min, max);
}

function numberIn(shape: RegExp, what: string, format: string, min: number, max: number): Parser<number> {
  return {
    format,
    parse(raw) {
      if (!shape.test(raw.trim())) throw new Error(`must be ${what}, got "${raw}"`);
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

const HOST_PORT = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const DNS_TARGET = /^dns:\/\/\/([A-Za-z0-9][A-Za-z0-9.-]*:\d{1,5})$/;
const IP_LITERAL = /^(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/**
 * Where a service is reached: one `host:port`, several IP `host:port`s (balanced per call by the
 * client), or one `dns:///name:port` whose every address record is balanced and re-resolved (a
 * Kubernetes headless Service). Several DNS names cannot be balanced as one set, so they are
 * refused here rather than when the first call is made.
 */
export function targets(): Parser<string[]> {
  return {
    format: "host:port list separated by \",\" (IP literals when several) or one dns:///name:port",
    parse(raw) {
      const items = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
      if (items.length === 0) throw new Error("expected at least one host:port");
      for (const item of items) {
        const dns = DNS_TARGET.exec(item);
        const port = Number((dns?.[1] ?? item).split(":").pop());
        if ((dns === null && !HOST_PORT.test(item)) || !(port >= 1 && port <= 65_535)) {
          throw new Error(`expected host:port or dns:///name:port, got "${item}"`);
        }
        if (dns !== null && items.length > 1) throw new Error(`a dns:/// target must be the only one, got ${items.length} targets`);
      }
      if (items.length > 1 && !items.every((item) => IP_LITERAL.test(item))) {
        throw new Error("several targets must all be IP literals (host:port); for a DNS name with several records give one dns:///name:port");
      }
      return items;
    },
  };
}
