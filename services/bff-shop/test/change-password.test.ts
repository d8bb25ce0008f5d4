import { describe, expect, it } from "vitest";
import type { BffContext, Viewer } from "@shop/bff-kit";
import { changePassword } from "../src/change-password.js";
import { InvalidInputError } from "../src/invalid-input-error.js";
import { refreshSession } from "../src/refresh-session.js";
import { signIn } from "../src/sign-in.js";
import { WrongPasswordError } from "../src/wrong-password-error.js";
import { ADA, CLIENT_IP, LimitedForTest, sessionHarness } from "./support/session-harness.js";

async function signedInContext(harness: ReturnType<typeof sessionHarness>, accessToken: string): Promise<{ ctx: BffContext; viewer: Viewer }> {
  const ctx = await harness.context(accessToken);
  if (!ctx.viewer) throw new Error("the access token was not accepted");
  return { ctx, viewer: ctx.viewer };
}

describe("changePassword", () => {
  it("when the current password is right, then every other session is ended at once, the new password signs in, and the new session works", async () => {
    const harness = sessionHarness();
    const other = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "mobile");
    const mine = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    const { ctx, viewer } = await signedInContext(harness, mine.accessToken);
    const next = await changePassword(ctx, viewer, { currentPassword: ADA.password, newPassword: "a-new-password" }, "web");

    expect((await harness.context(other.accessToken)).auth).toEqual({ kind: "rejected", problem: "revoked" });
    expect((await harness.context(mine.accessToken)).auth).toEqual({ kind: "rejected", problem: "revoked" });
    await expect(refreshSession(await harness.context(), other.refreshToken)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(refreshSession(await harness.context(), mine.refreshToken)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect((await harness.context(next.accessToken)).viewer).toEqual({ userId: ADA.id, sessionId: next.sessionId });
    await expect(refreshSession(await harness.context(), next.refreshToken)).resolves.toMatchObject({ sessionId: next.sessionId });
    await expect(signIn(await harness.context(), { email: ADA.email, password: "a-new-password" }, "web")).resolves.toMatchObject({ userId: ADA.id });
  });

  it("when the current password is wrong, then WrongPasswordError comes back, it counts as a failed login for the account's email, and sessions are untouched", async () => {
    const harness = sessionHarness();
    const mine = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    const { ctx, viewer } = await signedInContext(harness, mine.accessToken);
    harness.limits.calls.length = 0;
    const error = await changePassword(ctx, viewer, { currentPassword: "a-guess", newPassword: "a-new-password" }, "web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPasswordError);
    const key = { ip: CLIENT_IP, email: ADA.email };
    expect(harness.limits.calls).toEqual([
      { limiter: "login", method: "check", key },
      { limiter: "login", method: "failed", key },
    ]);
    expect((await harness.context(mine.accessToken)).viewer).not.toBeNull();
  });

  it("when the login limit refuses, then the password is not checked", async () => {
    const harness = sessionHarness();
    const mine = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    const { ctx, viewer } = await signedInContext(harness, mine.accessToken);
    harness.limits.refusing = true;
    await expect(changePassword(ctx, viewer, { currentPassword: ADA.password, newPassword: "a-new-password" }, "web")).rejects.toBeInstanceOf(LimitedForTest);
    expect(harness.usersCalls("ChangePassword")).toBe(0);
  });

  it("when the new password is too short or hostile in size, then InvalidInputError names input.newPassword and nothing changes", async () => {
    const harness = sessionHarness();
    const mine = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    const { ctx, viewer } = await signedInContext(harness, mine.accessToken);
    for (const newPassword of ["short", "p".repeat(1_000_000)]) {
      const error = await changePassword(ctx, viewer, { currentPassword: ADA.password, newPassword }, "web").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).violations.map((v) => v.field)).toEqual(["input.newPassword"]);
    }
    expect(harness.usersCalls("ChangePassword")).toBe(1);
    expect((await harness.context(mine.accessToken)).viewer).not.toBeNull();
  });
});
