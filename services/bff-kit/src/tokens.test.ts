import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { SessionRevocations } from "./session-revocations.js";
import { createTokenService } from "./tokens.js";

const secret = "a-test-secret-that-is-at-least-32-bytes-long";
const session = { userId: "user-7", sessionId: "session-1" };

describe("session tokens", () => {
  const tokens = createTokenService({ secret });

  it("when a signed token is presented, then its user and session are the viewer", async () => {
    const { token } = await tokens.sign(session);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: session });
  });

  it("when no lifetime is configured, then a token lives 5 minutes", async () => {
    const clock = Date.UTC(2026, 0, 1, 12);
    const timed = createTokenService({ secret, now: () => clock });
    expect(timed.ttlSeconds).toBe(300);
    expect((await timed.sign(session)).expiresAt.getTime()).toBe(clock + 300_000);
  });

  it("when a token carries no session id (issued before sessions), then it is rejected as invalid", async () => {
    const key = new TextEncoder().encode(secret);
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("shop-clients").setIssuedAt().setExpirationTime("5m").sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "invalid" });
  });

  it("when a token's session id is not a string, then it is rejected as invalid", async () => {
    const key = new TextEncoder().encode(secret);
    const token = await new SignJWT({ sid: 42 }).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("shop-clients").setIssuedAt().setExpirationTime("5m").sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "invalid" });
  });

  it("when asked to sign without a session id, then it refuses", async () => {
    await expect(tokens.sign({ userId: "user-7", sessionId: "" })).rejects.toThrow(/session/);
  });

  it("when the session of an accepted token is revoked, then that token and any other of the session are rejected as revoked, and other sessions still work", async () => {
    const own = createTokenService({ secret });
    const first = await own.sign(session);
    const second = await own.sign(session);
    const other = await own.sign({ userId: "user-7", sessionId: "session-2" });
    expect(await own.authenticate(`Bearer ${first.token}`)).toMatchObject({ kind: "viewer" });
    await own.revoke(["session-1"]);
    expect(await own.authenticate(`Bearer ${first.token}`)).toEqual({ kind: "rejected", problem: "revoked" });
    expect(await own.authenticate(`Bearer ${second.token}`)).toEqual({ kind: "rejected", problem: "revoked" });
    expect(await own.authenticate(`Bearer ${other.token}`)).toEqual({ kind: "viewer", viewer: { userId: "user-7", sessionId: "session-2" } });
  });

  it("when the revocation list is given, then it is the one asked and written", async () => {
    const asked: string[] = [];
    const written: string[][] = [];
    const revocations: SessionRevocations = {
      revoke: async (ids) => void written.push([...ids]),
      isRevoked: async (id) => (asked.push(id), id === "session-9"),
    };
    const listed = createTokenService({ secret, revocations });
    const { token } = await listed.sign({ userId: "user-7", sessionId: "session-9" });
    expect(await listed.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "revoked" });
    await listed.revoke(["session-3", "session-4"]);
    expect(asked).toEqual(["session-9"]);
    expect(written).toEqual([["session-3", "session-4"]]);
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
    const { token } = await other.sign(session);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "invalid" });
  });

  it("when a token has expired, then it is rejected as expired", async () => {
    const key = new TextEncoder().encode(secret);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const token = await new SignJWT({ sid: "session-1" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("shop-clients").setIssuedAt(past - 60).setExpirationTime(past).sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "expired" });
  });

  it("when a token is for another audience, then it is rejected", async () => {
    const key = new TextEncoder().encode(secret);
    const token = await new SignJWT({ sid: "session-1" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-7")
      .setIssuer("shop-bff").setAudience("someone-else").setExpirationTime("5m").sign(key);
    expect(await tokens.authenticate(`Bearer ${token}`)).toMatchObject({ kind: "rejected" });
  });

  it("when a token already accepted is presented again after it expired, then it is rejected as expired", async () => {
    let clock = Date.UTC(2026, 0, 1, 12);
    const timed = createTokenService({ secret, ttlSeconds: 60, now: () => clock });
    const { token } = await timed.sign(session);
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: session });
    clock += 59_000;
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: session });
    clock += 1_000;
    expect(await timed.authenticate(`Bearer ${token}`)).toEqual({ kind: "rejected", problem: "expired" });
  });

  it("when an accepted token is altered by one character, then the altered one is still refused", async () => {
    const { token } = await tokens.sign(session);
    expect(await tokens.authenticate(`Bearer ${token}`)).toMatchObject({ kind: "viewer" });
    const last = token.at(-2) === "A" ? "B" : "A";
    const forged = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    expect(await tokens.authenticate(`Bearer ${forged}`)).toMatchObject({ kind: "rejected" });
  });

  it("when the secret is shorter than 32 bytes, then the service refuses to start", () => {
    expect(() => createTokenService({ secret: "short" })).toThrow(/32 bytes/);
  });
});
