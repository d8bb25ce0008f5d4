import { describe, expect, it } from "vitest";
import { refreshSession } from "../src/refresh-session.js";
import { signIn } from "../src/sign-in.js";
import { ADA, LimitedForTest, sessionHarness } from "./support/session-harness.js";

async function signedIn(harness: ReturnType<typeof sessionHarness>) {
  return signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
}

describe("refreshSession", () => {
  it("when a fresh refresh token is traded, then a new session of the same family comes back with a new access token, after the per-session limit", async () => {
    const harness = sessionHarness();
    const first = await signedIn(harness);
    const next = await refreshSession(await harness.context(), first.refreshToken);
    expect(next.sessionId).toBe(first.sessionId);
    expect(next.userId).toBe(ADA.id);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await harness.context(next.accessToken)).viewer).toEqual({ userId: ADA.id, sessionId: first.sessionId });
    expect(harness.limits.calls.filter((c) => c.limiter === "refresh")).toEqual([{ limiter: "refresh", method: "refresh", key: first.sessionId }]);
  });

  it("when a used refresh token is presented again, then it is UNAUTHENTICATED and the newer token of its family is refused too", async () => {
    const harness = sessionHarness();
    const first = await signedIn(harness);
    const next = await refreshSession(await harness.context(), first.refreshToken);
    await expect(refreshSession(await harness.context(), first.refreshToken)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(refreshSession(await harness.context(), next.refreshToken)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it.each([
    ["empty", ""],
    ["no dot", "0190f5b4-7c2a-7000-8000-000000000001"],
    ["not a UUID", `abc.${"A".repeat(43)}`],
    ["a short secret", "0190f5b4-7c2a-7000-8000-000000000001.abc"],
    ["a huge value", `0190f5b4-7c2a-7000-8000-000000000001.${"A".repeat(1_000_000)}`],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"],
  ])("when the token is garbage (%s), then it is UNAUTHENTICATED without any call or limit key", async (_name, token) => {
    const harness = sessionHarness();
    await expect(refreshSession(await harness.context(), token)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(harness.usersCalls("RefreshSession")).toBe(0);
    expect(harness.limits.calls).toEqual([]);
  });

  it("when a well-formed token of no session is presented, then it is UNAUTHENTICATED with the same message", async () => {
    const harness = sessionHarness();
    const error = await refreshSession(await harness.context(), `0190f5b4-7c2a-7000-8000-000000000001.${"A".repeat(43)}`).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "The refresh token is not valid (unknown, expired, already used or ended): log in again.", extensions: { code: "UNAUTHENTICATED" } });
  });

  it("when the refresh limit refuses, then the token is not traded and still works afterwards", async () => {
    const harness = sessionHarness();
    const first = await signedIn(harness);
    harness.limits.refusing = true;
    await expect(refreshSession(await harness.context(), first.refreshToken)).rejects.toBeInstanceOf(LimitedForTest);
    expect(harness.usersCalls("RefreshSession")).toBe(0);
    harness.limits.refusing = false;
    await expect(refreshSession(await harness.context(), first.refreshToken)).resolves.toMatchObject({ sessionId: first.sessionId });
  });
});
