import { describe, expect, it } from "vitest";
import { logout } from "../src/logout.js";
import { refreshSession } from "../src/refresh-session.js";
import { signIn } from "../src/sign-in.js";
import { ADA, sessionHarness } from "./support/session-harness.js";

describe("logout", () => {
  it("when a signed-in client logs out, then its access token is refused as revoked and its refresh token no longer works", async () => {
    const harness = sessionHarness();
    const session = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    await logout(await harness.context(session.accessToken), session.refreshToken);
    expect((await harness.context(session.accessToken)).auth).toEqual({ kind: "rejected", problem: "revoked" });
    await expect(refreshSession(await harness.context(), session.refreshToken)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("when logout is retried, or sent without an access token, then it still succeeds", async () => {
    const harness = sessionHarness();
    const session = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    await logout(await harness.context(), session.refreshToken);
    await expect(logout(await harness.context(), session.refreshToken)).resolves.toBeUndefined();
    await expect(logout(await harness.context(session.accessToken), session.refreshToken)).resolves.toBeUndefined();
  });

  it("when logging out of one session, then another session of the same user keeps working", async () => {
    const harness = sessionHarness();
    const phone = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "mobile");
    const laptop = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    await logout(await harness.context(laptop.accessToken), laptop.refreshToken);
    expect((await harness.context(phone.accessToken)).viewer).toEqual({ userId: ADA.id, sessionId: phone.sessionId });
    await expect(refreshSession(await harness.context(), phone.refreshToken)).resolves.toMatchObject({ sessionId: phone.sessionId });
  });

  it("when the value is not a refresh token, then it is BAD_USER_INPUT, no call is made and the access token stays valid", async () => {
    const harness = sessionHarness();
    const session = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    await expect(logout(await harness.context(session.accessToken), "x".repeat(100_000))).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT", violations: [{ field: "refreshToken", description: "is not a refresh token" }] },
    });
    expect(harness.usersCalls("RevokeSession")).toBe(0);
    expect((await harness.context(session.accessToken)).viewer).not.toBeNull();
  });
});
