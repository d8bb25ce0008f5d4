import { loadConfig, str, type ConfigOf, type Parser } from "@shop/grpc-runtime";

/** How much one key may use in one fixed window: `points` per `seconds`. */
export interface Rate {
  readonly points: number;
  readonly seconds: number;
}

/**
 * Every number of the BFF's abuse limits (`RATE_LIMIT_*`), read once at start: the keys of
 * {@link rateLimitConfigSpec}, each documented there with its default. A rate is written
 * `<points>/<window>`, the window in seconds or with a unit: `5/15m`, `100/1d`, `10/60`.
 */
export type RateLimitSettings = ConfigOf<ReturnType<typeof rateLimitConfigSpec>>;

const HOUR = 3_600;
const DAY = 86_400;
/** The longest window or block a setting may name: 30 days. */
const MAX_SECONDS = 30 * DAY;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: HOUR, d: DAY };
const DURATION = /^(\d{1,7})([smhd]?)$/;

/** Seconds of `5`, `90s`, `15m`, `1h`, `1d` (1 s to 30 days); throws saying why not. */
function secondsOf(raw: string): number {
  const match = DURATION.exec(raw);
  if (!match) throw new Error(`expected a duration such as 90, 90s, 15m, 1h or 1d, got "${raw}"`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || "s"]!;
  if (seconds < 1 || seconds > MAX_SECONDS) throw new Error(`expected 1 second to 30 days, got "${raw}"`);
  return seconds;
}

/** A duration: seconds, or a number with s, m, h or d. */
export function duration(): Parser<number> {
  return { format: "duration (90, 90s, 15m, 1h, 1d; at most 30d)", parse: (raw) => secondsOf(raw.trim()) };
}

/** A rate `<points>/<window>`, e.g. `5/15m`. */
export function rate(): Parser<Rate> {
  return {
    format: "<points>/<window>, e.g. 5/15m (window: 90, 90s, 15m, 1h, 1d)",
    parse(raw) {
      const [points, window, ...rest] = raw.trim().split("/");
      if (points === undefined || window === undefined || rest.length > 0 || !/^\d{1,9}$/.test(points)) {
        throw new Error(`expected <points>/<window> such as 5/15m, got "${raw}"`);
      }
      const count = Number(points);
      if (count < 1) throw new Error(`expected at least 1 point, got "${raw}"`);
      return { points: count, seconds: secondsOf(window) };
    },
  };
}

/** A rate, or `off`. */
export function rateOrOff(): Parser<Rate | null> {
  const inner = rate();
  return { format: `${inner.format}, or off`, parse: (raw) => (raw.trim() === "off" ? null : inner.parse(raw)) };
}

/**
 * The `RATE_LIMIT_*` keys as a config spec (see `loadConfig` of `@shop/grpc-runtime`): what
 * `loadBffConfig` reads and `bffConfigKeys` lists. {@link checkRateLimits} then checks the keys
 * against each other.
 */
export function rateLimitConfigSpec() {
  const minutes = (n: number) => n * 60;
  return {
    loginIpEmail: {
      env: "RATE_LIMIT_LOGIN_IP_EMAIL",
      doc: "Failed logins of one email from one address; the last one allowed blocks the pair (default 5/15m)",
      parse: rate(),
      default: { points: 5, seconds: minutes(15) },
    },
    loginBlockSeconds: {
      env: "RATE_LIMIT_LOGIN_BLOCK",
      doc: "First block of an ip+email pair, doubled at each further block (default 15m)",
      parse: duration(),
      default: minutes(15),
    },
    loginMaxBlockSeconds: { env: "RATE_LIMIT_LOGIN_BLOCK_MAX", doc: "Longest block of an ip+email pair (default 1d)", parse: duration(), default: DAY },
    loginEmail: { env: "RATE_LIMIT_LOGIN_EMAIL", doc: "Failed logins of one email from any address (default 20/1h)", parse: rate(), default: { points: 20, seconds: HOUR } },
    loginIp: { env: "RATE_LIMIT_LOGIN_IP", doc: "Failed logins from one address for any email: slow brute force (default 100/1d)", parse: rate(), default: { points: 100, seconds: DAY } },
    signUpIp: { env: "RATE_LIMIT_SIGNUP_IP", doc: "Sign-up attempts from one address, successful ones included (default 10/1h)", parse: rate(), default: { points: 10, seconds: HOUR } },
    signUpEmail: { env: "RATE_LIMIT_SIGNUP_EMAIL", doc: "Failed sign-ups naming one email: probing which are taken (default 5/1h)", parse: rate(), default: { points: 5, seconds: HOUR } },
    refreshSession: { env: "RATE_LIMIT_REFRESH_SESSION", doc: "Refreshes of one session (default 10/1m)", parse: rate(), default: { points: 10, seconds: 60 } },
    refreshIp: { env: "RATE_LIMIT_REFRESH_IP", doc: "Refreshes from one address (default 60/1m)", parse: rate(), default: { points: 60, seconds: 60 } },
    operationsUser: {
      env: "RATE_LIMIT_OPERATIONS_USER",
      doc: "GraphQL cost points (the MAX_COST unit) one signed-in user may spend per window, or off (default 100000/1m: about 75 web home pages of 20 recommendations a minute)",
      parse: rateOrOff(),
      default: { points: 100_000, seconds: 60 } as Rate | null,
    },
    operationsIp: {
      env: "RATE_LIMIT_OPERATIONS_IP",
      doc: "GraphQL cost points one address may spend per window, users behind one NAT together, or off (default 300000/1m)",
      parse: rateOrOff(),
      default: { points: 300_000, seconds: 60 } as Rate | null,
    },
    keyPrefix: {
      env: "RATE_LIMIT_PREFIX",
      doc: "Prefix of the limiters' Redis keys; every BFF of a deployment (web, mobile, each replica) must share it, so a login limit holds whichever BFF is asked (default shop:rl:)",
      parse: str({ pattern: /^[A-Za-z0-9:_.-]{1,64}$/ }),
      default: "shop:rl:",
    },
  } as const;
}

/** The limits when no `RATE_LIMIT_*` key is set: the defaults of {@link rateLimitConfigSpec}. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = loadConfig(rateLimitConfigSpec(), {});

/** The problem with settings whose keys are each valid but contradict each other, or undefined. */
export function checkRateLimits(settings: RateLimitSettings): { readonly env: string; readonly problem: string } | undefined {
  if (settings.loginMaxBlockSeconds < settings.loginBlockSeconds) {
    return { env: "RATE_LIMIT_LOGIN_BLOCK_MAX", problem: `must not be shorter than RATE_LIMIT_LOGIN_BLOCK (${settings.loginBlockSeconds} s)` };
  }
  return undefined;
}
