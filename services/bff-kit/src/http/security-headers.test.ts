import { describe, expect, it } from "vitest";
import { API_CSP, GRAPHIQL_CSP, HSTS_VALUE, securityHeaders } from "./security-headers.js";

describe("securityHeaders", () => {
  it("when the request did not come over TLS, then every hardening header but HSTS is set", () => {
    expect(Object.fromEntries(securityHeaders(false))).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "cross-origin-resource-policy": "same-site",
      "content-security-policy": API_CSP,
    });
  });

  it("when it came over TLS, then Strict-Transport-Security is added", () => {
    expect(Object.fromEntries(securityHeaders(true))["strict-transport-security"]).toBe(HSTS_VALUE);
  });

  it("when the policies are read, then both forbid framing, and only GraphiQL's allows scripts, from this origin only", () => {
    for (const csp of [API_CSP, GRAPHIQL_CSP]) expect(csp).toContain("frame-ancestors 'none'");
    expect(API_CSP).toMatch(/^default-src 'none'/);
    expect(API_CSP).not.toContain("script-src");
    expect(GRAPHIQL_CSP).toContain("script-src 'self'");
    expect(GRAPHIQL_CSP).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });
});
