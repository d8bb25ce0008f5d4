import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { EmailTakenError } from "../src/email-taken-error.js";
import { InvalidInputError } from "../src/invalid-input-error.js";
import { signUp } from "../src/sign-up.js";
import { ADA, CLIENT_IP, LimitedForTest, sessionHarness } from "./support/session-harness.js";

const grace = { email: " Grace@Shop.test ", displayName: "Grace", password: "grace-password" };

describe("signUp", () => {
  it("when the input is valid, then the account exists, its session's access token authenticates it, and the limits saw a check and a success", async () => {
    const harness = sessionHarness();
    const session = await signUp(await harness.context(), grace, "web");
    expect(session.user).toMatchObject({ email: "grace@shop.test", displayName: "Grace" });
    expect(session.userId).toBe(session.user.id);
    expect(session.refreshToken.startsWith(`${session.sessionId}.`)).toBe(true);
    expect(session.refreshTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
    const signedIn = await harness.context(session.accessToken);
    expect(signedIn.viewer).toEqual({ userId: session.user.id, sessionId: session.sessionId });
    const key = { ip: CLIENT_IP, email: "grace@shop.test" };
    expect(harness.limits.calls).toEqual([
      { limiter: "signUp", method: "check", key },
      { limiter: "signUp", method: "succeeded", key },
    ]);
  });

  it("when the email is taken (in another case), then EmailTakenError comes back and the attempt counts as failed", async () => {
    const harness = sessionHarness();
    const error = await signUp(await harness.context(), { ...grace, email: ADA.email.toUpperCase() }, "web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailTakenError);
    expect(harness.limits.calls.map((c) => c.method)).toEqual(["check", "failed"]);
  });

  it("when the service refuses fields, then InvalidInputError names them under input in the mutation's spelling", async () => {
    const harness = sessionHarness();
    const error = await signUp(await harness.context(), { email: "not-an-email", displayName: "  ", password: "short" }, "web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).violations.map((v) => v.field).sort()).toEqual(["input.displayName", "input.email", "input.password"]);
    expect((error as InvalidInputError).message).toBe("The sign-up input is not valid.");
    expect(harness.limits.calls.map((c) => c.method)).toEqual(["check", "failed"]);
  });

  it("when the input is hostile in size, then it is refused before any call, and the rate-limit key stays bounded", async () => {
    const harness = sessionHarness();
    const huge = { email: `${"a".repeat(100_000)}@shop.test`, displayName: "x".repeat(10_000), password: "p".repeat(1_000_000) };
    const error = await signUp(await harness.context(), huge, "web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).violations.map((v) => v.field)).toEqual(["input.email", "input.displayName", "input.password"]);
    expect(harness.usersCalls("SignUp")).toBe(0);
    expect(harness.limits.calls.every((c) => typeof c.key === "object" && c.key.email.length <= 254)).toBe(true);
  });

  it("when the sign-up limit refuses, then nothing is created", async () => {
    const harness = sessionHarness();
    harness.limits.refusing = true;
    await expect(signUp(await harness.context(), grace, "web")).rejects.toBeInstanceOf(LimitedForTest);
    expect(harness.usersCalls("SignUp")).toBe(0);
  });

  it("when the users service is down, then the error is thrown as it came and the attempt is not counted", async () => {
    const harness = sessionHarness();
    harness.fakes.fail("users.SignUp", Code.Unavailable);
    await expect(signUp(await harness.context(), grace, "web")).rejects.toMatchObject({ code: Code.Unavailable });
    expect(harness.limits.calls.map((c) => c.method)).toEqual(["check"]);
  });
});
