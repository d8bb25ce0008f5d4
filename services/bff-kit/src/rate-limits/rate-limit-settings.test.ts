import { describe, expect, it } from "vitest";
import { bffConfigKeys, BffConfigError, loadBffConfig } from "../bff-config.js";
import { DEFAULT_HTTP_POLICY } from "../http/http-policy.js";
import { DEFAULT_RATE_LIMITS, duration, rate } from "./rate-limit-settings.js";

const web = { prefix: "WEB", defaultPort: 4000, name: "bff-web", metricsPort: 9464 };
// Plaintext between processes keeps these tests about the abuse keys only.
const base = { GRPC_INSECURE: "true" };
const load = (env: Record<string, string>) => loadBffConfig(web, { ...base, ...env });
const problemOf = (env: Record<string, string>): BffConfigError | undefined => {
  try {
    load(env);
    return undefined;
  } catch (error) {
    if (error instanceof BffConfigError) return error;
    throw error;
  }
};

describe("rate limit and HTTP settings", () => {
  it("when nothing is set, then the documented defaults apply and Redis is not used", () => {
    const config = load({});
    expect(config.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(config.http).toEqual(DEFAULT_HTTP_POLICY);
    expect(config.redisUrl).toBeUndefined();
  });

  it("when every key is set, then each is parsed, windows with or without a unit", () => {
    const config = load({
      REDIS_URL: "redis://cache.internal:6379/2",
      RATE_LIMIT_LOGIN_IP_EMAIL: "3/90",
      RATE_LIMIT_LOGIN_BLOCK: "2s",
      RATE_LIMIT_LOGIN_BLOCK_MAX: "1h",
      RATE_LIMIT_LOGIN_EMAIL: "10/30m",
      RATE_LIMIT_LOGIN_IP: "50/1d",
      RATE_LIMIT_SIGNUP_IP: "4/1h",
      RATE_LIMIT_SIGNUP_EMAIL: "2/1h",
      RATE_LIMIT_REFRESH_SESSION: "5/1m",
      RATE_LIMIT_REFRESH_IP: "30/1m",
      RATE_LIMIT_OPERATIONS_USER: "off",
      RATE_LIMIT_OPERATIONS_IP: "20000/10s",
      RATE_LIMIT_PREFIX: "staging:rl:",
      TRUST_PROXY_HOPS: "1",
      HSTS: "on",
      CORS_ORIGINS: "https://shop.example",
      CORS_CREDENTIALS: "true",
    });
    expect(config.redisUrl).toBe("redis://cache.internal:6379/2");
    expect(config.rateLimits).toEqual({
      loginIpEmail: { points: 3, seconds: 90 },
      loginBlockSeconds: 2,
      loginMaxBlockSeconds: 3600,
      loginEmail: { points: 10, seconds: 1800 },
      loginIp: { points: 50, seconds: 86_400 },
      signUpIp: { points: 4, seconds: 3600 },
      signUpEmail: { points: 2, seconds: 3600 },
      refreshSession: { points: 5, seconds: 60 },
      refreshIp: { points: 30, seconds: 60 },
      operationsUser: null,
      operationsIp: { points: 20_000, seconds: 10 },
      keyPrefix: "staging:rl:",
    });
    expect(config.http).toEqual({ trustProxyHops: 1, hsts: "on", cors: { origins: ["https://shop.example"], credentials: true } });
  });

  it("when a rate is malformed, then loading fails naming its key", () => {
    for (const bad of ["5", "5/", "/15m", "five/15m", "0/15m", "5/0", "5/15x", "5/31d", "5/15m/1", "-1/15m", "1e3/1m", "9999999999/1m", "off"]) {
      expect(problemOf({ RATE_LIMIT_LOGIN_IP_EMAIL: bad })?.envVar, bad).toBe("RATE_LIMIT_LOGIN_IP_EMAIL");
    }
  });

  it("when the longest block is shorter than the first, then RATE_LIMIT_LOGIN_BLOCK_MAX is named", () => {
    expect(problemOf({ RATE_LIMIT_LOGIN_BLOCK: "1h", RATE_LIMIT_LOGIN_BLOCK_MAX: "10m" })?.message).toMatch(/RATE_LIMIT_LOGIN_BLOCK_MAX: must not be shorter/);
  });

  it("when an operation budget is below MAX_COST, then it is refused: the costliest operation could never run", () => {
    expect(problemOf({ RATE_LIMIT_OPERATIONS_USER: "5000/1m" })?.message).toMatch(/RATE_LIMIT_OPERATIONS_USER: 5000 points per window is less than MAX_COST \(10000\)/);
    expect(problemOf({ RATE_LIMIT_OPERATIONS_IP: "500/1m", MAX_COST: "400" })).toBeUndefined();
  });

  it("when REDIS_URL is not a redis URL, then it is refused without echoing it", () => {
    const problem = problemOf({ REDIS_URL: "http://user:hunter2@cache:6379" });
    expect(problem?.envVar).toBe("REDIS_URL");
    expect(problem?.message).not.toContain("hunter2");
    expect(load({ REDIS_URL: "rediss://cache:6380" }).redisUrl).toBe("rediss://cache:6380");
  });

  it("when the HTTP keys are hostile, then each is refused naming its key", () => {
    expect(problemOf({ TRUST_PROXY_HOPS: "-1" })?.envVar).toBe("TRUST_PROXY_HOPS");
    expect(problemOf({ TRUST_PROXY_HOPS: "11" })?.envVar).toBe("TRUST_PROXY_HOPS");
    expect(problemOf({ HSTS: "yes" })?.envVar).toBe("HSTS");
    expect(problemOf({ CORS_ORIGINS: "https://shop.example/path" })?.envVar).toBe("CORS_ORIGINS");
    expect(problemOf({ CORS_CREDENTIALS: "maybe" })?.envVar).toBe("CORS_CREDENTIALS");
  });

  it("when * is allowed with credentials, then CORS_ORIGINS is refused; without credentials it is accepted", () => {
    expect(problemOf({ CORS_ORIGINS: "*", CORS_CREDENTIALS: "true" })?.message).toMatch(/CORS_ORIGINS: \* cannot be used with CORS_CREDENTIALS=true/);
    expect(load({ CORS_ORIGINS: "*" }).http.cors).toEqual({ origins: ["*"], credentials: false });
  });

  it("when the keys a BFF reads are listed, then every new key is among them", () => {
    const keys = bffConfigKeys("WEB");
    for (const key of ["REDIS_URL", "TRUST_PROXY_HOPS", "HSTS", "CORS_ORIGINS", "CORS_CREDENTIALS", "RATE_LIMIT_LOGIN_IP_EMAIL", "RATE_LIMIT_OPERATIONS_IP", "RATE_LIMIT_PREFIX"]) {
      expect(keys).toContain(key);
    }
  });
});

describe("rate and duration parsers", () => {
  it("when units are used, then they are seconds, minutes, hours and days", () => {
    expect(["90", "90s", "15m", "2h", "1d"].map((raw) => duration().parse(raw))).toEqual([90, 90, 900, 7200, 86_400]);
    expect(rate().parse("100/1d")).toEqual({ points: 100, seconds: 86_400 });
  });
});
