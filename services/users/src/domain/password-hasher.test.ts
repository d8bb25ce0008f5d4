import { describe, expect, it } from "vitest";
import { legacyScryptHash } from "../../test/support/legacy-scrypt-hash.js";
import { createPasswordHasher, DEFAULT_ARGON2_PARAMS, UNUSABLE_PASSWORD_HASH } from "./password-hasher.js";
import { passwordProblem } from "./password.js";

// Cheap parameters keep the unit tests fast; the timing test and the component tests use the defaults.
const hasher = createPasswordHasher({ memoryCost: 256, timeCost: 1, parallelism: 1 });

describe("password hashing", () => {
  it("when a password is hashed, then the hash is Argon2id in PHC form with its parameters and a 16-byte salt, not the password", async () => {
    const hash = await hasher.hash("correct horse battery");
    const [, scheme, version, params, salt, key] = hash.split("$");
    expect([scheme, version, params]).toEqual(["argon2id", "v=19", "m=256,t=1,p=1"]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(key!, "base64")).toHaveLength(32);
    expect(hash).not.toContain("correct horse");
  });

  it("when the default parameters are used, then they are OWASP's first Argon2id setting (m=19456 KiB, t=2, p=1)", async () => {
    expect(DEFAULT_ARGON2_PARAMS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(await createPasswordHasher().hash("owasp")).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
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

  it("when a hash made with other Argon2id parameters is checked, then its own stored parameters are used and it asks to be rehashed", async () => {
    const stronger = await createPasswordHasher({ memoryCost: 512, timeCost: 2, parallelism: 2 }).hash("upgrade me");
    expect(await hasher.verify("upgrade me", stronger)).toBe(true);
    expect(hasher.needsRehash(stronger)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash("current"))).toBe(false);
  });

  it("when a legacy scrypt hash is checked, then the right password matches, a wrong one does not, and it asks to be rehashed", async () => {
    const legacy = await legacyScryptHash("from the scrypt days");
    expect(await hasher.verify("from the scrypt days", legacy)).toBe(true);
    expect(await hasher.verify("from the scrypt dayz", legacy)).toBe(false);
    expect(hasher.needsRehash(legacy)).toBe(true);
  });

  it("when there is no hash, an unusable marker, a corrupt or an absurdly expensive hash, then nothing matches and nothing asks to be rehashed", async () => {
    const absurd = [
      "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=256,t=1000,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "scrypt$2147483648$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
    ];
    const corrupt = ["$argon2id$garbage", "$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA", "scrypt$1024$8$1$$", ""];
    expect(await hasher.verify("anything at all", undefined)).toBe(false);
    for (const stored of [UNUSABLE_PASSWORD_HASH, ...absurd, ...corrupt]) {
      expect(await hasher.verify("anything at all", stored), stored).toBe(false);
      expect(hasher.needsRehash(stored), stored).toBe(false);
    }
  });

  it("when an unknown user is checked, then about as much time is spent as for a wrong password", async () => {
    const real = createPasswordHasher(DEFAULT_ARGON2_PARAMS);
    const hash = await real.hash("the real password");
    await real.verify("warm up the dummy", undefined);
    const time = async (stored: string | undefined) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) await real.verify("a wrong password", stored);
      return performance.now() - start;
    };
    const wrong = await time(hash);
    const unknown = await time(undefined);
    // The same Argon2id work either way; a shortcut would be ~1000x faster, so a loose bound (the machine is shared) is enough.
    expect(unknown).toBeGreaterThan(wrong * 0.2);
    expect(unknown).toBeLessThan(wrong * 5);
  }, 30_000);
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
