import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { signIn } from "../src/sign-in.js";
import { ADA, CLIENT_IP, LimitedForTest, sessionHarness } from "./support/session-harness.js";

describe("signIn", () => {
  it("when the email and password are right, then a session starts for the user and its failures are cleared", async () => {
    const harness = sessionHarness();
    const session = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
    expect(session.user).toMatchObject({ id: ADA.id, displayName: "Ada" });
    expect((await harness.context(session.accessToken)).viewer).toEqual({ userId: ADA.id, sessionId: session.sessionId });
    const key = { ip: CLIENT_IP, email: ADA.email };
    expect(harness.limits.calls).toEqual([
      { limiter: "login", method: "check", key },
      { limiter: "login", method: "succeeded", key },
    ]);
    expect(harness.usersCalls("VerifyCredentials")).toBe(0);
  });

  it("when the password is wrong or the email unknown, then both are UNAUTHENTICATED with one message and count as failed", async () => {
    const harness = sessionHarness();
    const wrong = await signIn(await harness.context(), { email: ADA.email, password: "not-her-password" }, "web").catch((e: unknown) => e);
    const unknown = await signIn(await harness.context(), { email: "nobody@shop.test", password: ADA.password }, "web").catch((e: unknown) => e);
    for (const error of [wrong, unknown]) {
      expect(error).toMatchObject({ message: "Wrong email or password.", extensions: { code: "UNAUTHENTICATED" } });
    }
    expect(harness.limits.calls.map((c) => `${c.method}`)).toEqual(["check", "failed", "check", "failed"]);
  });

  it("when the password or email is hostile in size, then it is a wrong pair without any call to the users service", async () => {
    const harness = sessionHarness();
    const error = await signIn(await harness.context(), { email: `${"a".repeat(300)}@shop.test`, password: "p".repeat(1_000_000) }, "web").catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(harness.usersCalls("SignIn")).toBe(0);
    expect(harness.limits.calls.map((c) => c.method)).toEqual(["check", "failed"]);
    expect((harness.limits.calls[0]!.key as { email: string }).email.length).toBe(254);
  });

  it("when the login limit refuses, then the users service is not asked, even with the right password", async () => {
    const harness = sessionHarness();
    harness.limits.refusing = true;
    await expect(signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web")).rejects.toBeInstanceOf(LimitedForTest);
    expect(harness.usersCalls("SignIn")).toBe(0);
  });

  it("when the users service is down, then the error is thrown as it came and nothing is counted as failed", async () => {
    const harness = sessionHarness();
    harness.fakes.fail("users.SignIn", Code.Unavailable);
    await expect(signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web")).rejects.toMatchObject({ code: Code.Unavailable });
    expect(harness.limits.calls.map((c) => c.method)).toEqual(["check"]);
  });
});
