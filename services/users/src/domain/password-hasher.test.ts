import { describe, expect, it } from "vitest";
import { createPasswordHasher, DEFAULT_SCRYPT_PARAMS, UNUSABLE_PASSWORD_HASH } from "./password-hasher.js";
import { passwordProblem } from "./password.js";

// Cheap parameters keep the unit tests fast; the component tests use the defaults.
const hasher = createPasswordHasher({ N: 1024, r: 8, p: 1 });

describe("password hashing", () => {
  it("when a password is hashed, then the hash carries scrypt, its parameters and a 16-byte salt, not the password", async () => {
    const hash = await hasher.hash("correct horse battery");
    const [scheme, N, r, p, salt, key] = hash.split("$");
    expect([scheme, N, r, p]).toEqual(["scrypt", "1024", "8", "1"]);
    expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
    expect(Buffer.from(key!, "base64url")).toHaveLength(32);
    expect(hash).not.toContain("correct horse");
  });

  it("when the same password is hashed twice, then the salts (and hashes) differ", async () => {
    expect(await hasher.hash("same password")).not.toBe(await hasher.hash("same password"));
  });

  it("when the right password is checked, then it matches; a wrong one does not", async () => {
    const hash = await hasher.hash("pässwörd-😀-ok");
    expect(await hasher.verify("pässwörd-😀-ok", hash)).toBe(true);
    expect(await hasher.verify("pässwörd-😀-oK", hash)).toBe(false);
  });

  it("when a password is typed in another Unicode normal form, then it still matches", async () => {
    const hash = await hasher.hash("caf\u00e9-latte");
    expect(await hasher.verify("cafe\u0301-latte", hash)).toBe(true);
  });

  it("when a hash made with other parameters is checked, then its own stored parameters are used", async () => {
    const stronger = await createPasswordHasher({ N: 2048, r: 4, p: 2 }).hash("upgrade me");
    expect(await hasher.verify("upgrade me", stronger)).toBe(true);
  });

  it("when there is no hash, an unusable marker, a corrupt or an absurdly expensive hash, then nothing matches", async () => {
    expect(await hasher.verify("anything at all", undefined)).toBe(false);
    expect(await hasher.verify("anything at all", UNUSABLE_PASSWORD_HASH)).toBe(false);
    expect(await hasher.verify("anything at all", "scrypt$1024$8$1$$")).toBe(false);
    expect(await hasher.verify("anything at all", "scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")).toBe(false);
    expect(await hasher.verify("anything at all", "scrypt$2147483648$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")).toBe(false);
  });

  it("when an unknown user is checked, then about as much time is spent as for a wrong password", async () => {
    const real = createPasswordHasher(DEFAULT_SCRYPT_PARAMS);
    const hash = await real.hash("the real password");
    await real.verify("warm up the dummy", undefined);
    const time = async (stored: string | undefined) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) await real.verify("a wrong password", stored);
      return performance.now() - start;
    };
    const wrong = await time(hash);
    const unknown = await time(undefined);
    // The same scrypt work either way; a shortcut would be ~1000x faster, so a loose bound (the machine is shared) is enough.
    expect(unknown).toBeGreaterThan(wrong * 0.2);
    expect(unknown).toBeLessThan(wrong * 5);
  });
});

describe("password rules", () => {
  it.each([
    ["short", "must be at least 8 characters"],
    ["😀".repeat(7), "must be at least 8 characters"],
    ["x".repeat(129), "must be at most 128 characters"],
  ])("when the password is %j, then it is rejected", (password, reason) => {
    expect(passwordProblem(password)).toBe(reason);
  });

  it("when the password is 8 or 128 characters (astral ones count once), then it is accepted", () => {
    expect(passwordProblem("12345678")).toBeUndefined();
    expect(passwordProblem("😀".repeat(128))).toBeUndefined();
  });
});
