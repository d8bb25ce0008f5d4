import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createTokenService } from "./tokens.js";

const secret = "a-test-secret-that-is-at-least-32-bytes-long";

describe("session tokens", () => {
  const tokens = createTokenService({ secret });

  it("when a signed token is presented, then its user is the viewer", async () => {
    const { token } = await tokens.sign("user-7");
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: { userId: "user-7" } });
  });

  it("when no header is sent, then the request is anonymous", async () => {
    expect(await tokens.authenticate(undefined)).toEqual({ kind: "anonymous" });
    expect(await tokens.authenticate("")).toEqual({ kind: "anonymous" });
  });

  it("when the header is not a bearer JWT, then it is rejected as malformed", async () => {
    expect(await tokens.authenticate("Basic abc")).toEqual({ kind: "rejected", problem: "malformed" });
    expect(await tokens.authenticate("Bearer not-a-jwt")).toEqual({ kind: "rejected", problem: "malformed" });
  });

  it("when a token is signed with another secret, then it is rejected as invalid", async () => {
    const other = createTokenService({ secret: "another-secret-that-is-also-32-bytes-or-more" });
    const { token } = await other.sign("user-7");
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "invalid" });
  });

  it("when a token has expired, then it is rejected as expired", async () => {
    const key = new TextEncoder().encode(secret);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("shop-clients").setIssuedAt(past - 60).setExpirationTime(past).sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "expired" });
  });

  it("when a token is for another audience, then it is rejected", async () => {
    const key = new TextEncoder().encode(secret);
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("someone-else").setExpirationTime("5m").sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toMatchObject({ kind: "rejected" });
  });

  it("when a token already accepted is presented again after it expired, then it is rejected as expired", async () => {
    let clock = Date.UTC(2026, 0, 1, 12);
    const timed = createTokenService({ secret, ttlSeconds: 60, now: () => clock });
    const { token } = await timed.sign("user-7");
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: { userId: "user-7" } });
    clock += 59_000;
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: { userId: "user-7" } });
    clock += 1_000;
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "expired" });
  });

  it("when an accepted token is altered by one character, then the altered one is still refused", async () => {
    const { token } = await tokens.sign("user-7");
    expect(await tokens.authenticate(`Bearer ${token}`)).toMatchObject({ kind: "viewer" });
    const last = token.at(-2) === "A" ? "B" : "A";
    const forged = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    expect(await tokens.authenticate(`Bearer ${forged}`)).toMatchObject({ kind: "rejected" });
  });

  it("when the secret is shorter than 32 bytes, then the service refuses to start", () => {
    expect(() => createTokenService({ secret: "short" })).toThrow(/32 bytes/);
  });
});
