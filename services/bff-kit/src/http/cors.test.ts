import { describe, expect, it } from "vitest";
import { CORS_ALLOWED_HEADERS, corsHeaders, corsOrigins, NO_CORS } from "./cors.js";

const policy = { origins: ["https://shop.example", "http://localhost:3000"], credentials: false };

describe("corsHeaders", () => {
  it("when no origin is configured, then no CORS header at all is sent, not even Vary", () => {
    expect(corsHeaders(NO_CORS, "https://shop.example", false)).toBeUndefined();
    expect(corsHeaders(NO_CORS, "https://shop.example", true)).toBeUndefined();
  });

  it("when a listed origin asks, then it is allowed by name, with Vary: Origin and the readable headers", () => {
    expect(corsHeaders(policy, "https://shop.example", false)).toEqual({
      vary: "Origin",
      "access-control-allow-origin": "https://shop.example",
      "access-control-expose-headers": "retry-after, x-request-id",
    });
  });

  it("when an unlisted origin (or a near miss) asks, then only Vary: Origin is sent", () => {
    for (const origin of ["https://evil.example", "https://shop.example.evil.example", "http://shop.example", "https://shop.example:444", "null"]) {
      expect(corsHeaders(policy, origin, false)).toEqual({ vary: "Origin" });
    }
    expect(corsHeaders(policy, undefined, false)).toEqual({ vary: "Origin" });
  });

  it("when a listed origin sends a preflight, then methods, headers and max-age are answered", () => {
    const headers = corsHeaders(policy, "http://localhost:3000", true)!;
    expect(headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    expect(headers["access-control-allow-methods"]).toBe("GET, POST, OPTIONS");
    expect(headers["access-control-allow-headers"]).toBe(CORS_ALLOWED_HEADERS);
    expect(headers["access-control-max-age"]).toBe("600");
    expect(headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("when credentials are allowed, then the header says so; when any origin is allowed, then * is sent", () => {
    expect(corsHeaders({ ...policy, credentials: true }, "https://shop.example", false)?.["access-control-allow-credentials"]).toBe("true");
    expect(corsHeaders({ origins: ["*"], credentials: false }, "https://any.example", false)?.["access-control-allow-origin"]).toBe("*");
  });
});

describe("CORS_ORIGINS", () => {
  const parse = (raw: string) => corsOrigins().parse(raw);

  it("when exact origins are listed, then they are kept in order; * alone is kept", () => {
    expect(parse(" https://shop.example , http://localhost:3000 ")).toEqual(["https://shop.example", "http://localhost:3000"]);
    expect(parse("*")).toEqual(["*"]);
  });

  it("when an entry is not an exact origin, then it is refused saying so", () => {
    for (const bad of [
      "https://shop.example/",
      "https://shop.example/graphql",
      "https://*.shop.example",
      "shop.example",
      "null",
      "javascript:alert(1)",
      "ftp://shop.example",
      "https://shop.example?x=1",
      "https://user:pw@shop.example",
      "HTTPS://SHOP.EXAMPLE",
      `https://${"a".repeat(300)}.example`,
    ]) {
      expect(() => parse(bad), bad).toThrow(/is not an origin/);
    }
  });

  it("when * is combined with origins, or the list is huge, then it is refused", () => {
    expect(() => parse("*,https://shop.example")).toThrow(/cannot be combined/);
    expect(() => parse(Array.from({ length: 101 }, (_, i) => `https://s${i}.example`).join(","))).toThrow(/at most 100/);
  });
});
