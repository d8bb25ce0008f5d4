import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/invalid-input-error.js";
import { signIn } from "../src/sign-in.js";
import { updateProfile } from "../src/update-profile.js";
import { ADA, sessionHarness } from "./support/session-harness.js";

async function adaContext(harness: ReturnType<typeof sessionHarness>) {
  const session = await signIn(await harness.context(), { email: ADA.email, password: ADA.password }, "web");
  const ctx = await harness.context(session.accessToken);
  return { ctx, viewer: ctx.viewer! };
}

describe("updateProfile", () => {
  it("when a display name and an avatar are given, then the user has them, the thumbnail is derived, and the loader holds the result", async () => {
    const harness = sessionHarness();
    const { ctx, viewer } = await adaContext(harness);
    const user = await updateProfile(ctx, viewer, { displayName: "  Ada L.  ", avatarUrl: "https://img.shop.test/ada.png" });
    expect(user).toMatchObject({ id: ADA.id, displayName: "Ada L.", avatarUrl: "https://img.shop.test/ada.png" });
    expect(user.avatarThumbnailUrl).not.toBe("");
    expect(await ctx.loaders.users.load(ADA.id)).toBe(user);
    expect(harness.fakes.calls.all.find((c) => c.method === "UpdateUser")?.request).toMatchObject({ id: ADA.id });
  });

  it("when a field is left out or null, then it stays as it is, and an empty avatar removes it", async () => {
    const harness = sessionHarness();
    const { ctx, viewer } = await adaContext(harness);
    await updateProfile(ctx, viewer, { avatarUrl: "https://img.shop.test/ada.png" });
    const renamed = await updateProfile(ctx, viewer, { displayName: "Countess", avatarUrl: null });
    expect(renamed).toMatchObject({ displayName: "Countess", avatarUrl: "https://img.shop.test/ada.png" });
    const bare = await updateProfile(ctx, viewer, { avatarUrl: "" });
    expect(bare).toMatchObject({ displayName: "Countess", avatarUrl: "" });
  });

  it("when the service refuses a field, then InvalidInputError names it under input and nothing changes", async () => {
    const harness = sessionHarness();
    const { ctx, viewer } = await adaContext(harness);
    const error = await updateProfile(ctx, viewer, { displayName: "Ada", avatarUrl: "javascript:alert(1)" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).violations.map((v) => v.field)).toEqual(["input.avatarUrl"]);
    expect((await harness.fakes.clients.users.getUser({ id: ADA.id })).user?.displayName).toBe("Ada");
  });

  it("when the input is hostile in size, then it is refused without a call", async () => {
    const harness = sessionHarness();
    const { ctx, viewer } = await adaContext(harness);
    const error = await updateProfile(ctx, viewer, { displayName: "x".repeat(100_000), avatarUrl: `https://img.shop.test/${"a".repeat(100_000)}` }).catch((e: unknown) => e);
    expect((error as InvalidInputError).violations.map((v) => v.field)).toEqual(["input.displayName", "input.avatarUrl"]);
    expect(harness.usersCalls("UpdateUser")).toBe(0);
  });
});
