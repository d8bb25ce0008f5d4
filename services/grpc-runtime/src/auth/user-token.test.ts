import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { signUserToken, verifyUserToken, type UserTokenClaims } from "./user-token.js";
import { UserTokenSigner } from "./user-token-signer.js";
import { VerifiedUserTokens } from "./verified-user-tokens.js";

const NOW = 1_800_000_000;
const USER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const otherEc = generateKeyPairSync("ec", { namedCurve: "P-256" });
const valid: UserTokenClaims = { sub: USER, iat: NOW, exp: NOW + 60 };

const b64 = (value: unknown): string => Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8").toString("base64url");

/** The UNAUTHENTICATED message verifying `token` fails with; fails the test when it is accepted or fails otherwise. */
function refusal(token: string, key: KeyObject | "unsigned" = ec.publicKey, now = NOW): string {
  try {
    verifyUserToken(token, key, now);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
    return (error as ConnectError).rawMessage;
  }
  throw new Error(`token ${token.slice(0, 40)}… was accepted`);
}

/** A token over an arbitrary payload, validly signed with the test key (ECDSA P-256, SHA-256, r ‖ s) as a BFF would. */
function signedPayload(payload: unknown): string {
  const segment = b64(payload);
  return `${segment}.${sign("sha256", Buffer.from(segment, "ascii"), { key: ec.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

describe("end-user tokens", () => {
  it("when a token is signed with a key, then the matching public key verifies it and yields its claims", () => {
    const token = signUserToken(valid, ec.privateKey);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(verifyUserToken(token, ec.publicKey, NOW + 30)).toEqual(valid);
  });

  it.each([
    ["Ed25519", generateKeyPairSync("ed25519")],
    ["RSA 2048", generateKeyPairSync("rsa", { modulusLength: 2048 })],
  ])("when the certificate's key is %s, then tokens are signed and verified with it too", (_name, pair) => {
    const token = signUserToken(valid, pair.privateKey);
    expect(verifyUserToken(token, pair.publicKey, NOW).sub).toBe(USER);
    expect(refusal(token, ec.publicKey)).toMatch(/signature does not match/);
  });

  it("when a token signed by one process is presented with another process's key, then it is refused", () => {
    expect(refusal(signUserToken(valid, otherEc.privateKey))).toMatch(/signature does not match the caller's certificate/);
  });

  it("when the payload of a signed token is changed to another user, then the signature no longer matches", () => {
    const token = signUserToken(valid, ec.privateKey);
    const tampered = `${b64({ ...valid, sub: "0190a1b2-c3d4-7e5f-8a9b-000000000000" })}.${token.split(".")[1]}`;
    expect(refusal(tampered)).toMatch(/signature does not match/);
  });

  it("when a token is unsigned, then only the plaintext mode reads it", () => {
    const token = signUserToken(valid, undefined);
    expect(token.endsWith(".")).toBe(true);
    expect(verifyUserToken(token, "unsigned", NOW).sub).toBe(USER);
    expect(refusal(token)).toMatch(/not signed/);
  });

  it.each([
    ["empty", "", /not two base64url segments/],
    ["one segment", b64(valid), /not two base64url segments/],
    ["three segments", `${b64(valid)}.abc.def`, /not two base64url segments/],
    ["standard base64 characters", `${b64(valid)}+/=.abc`, /not two base64url segments/],
    ["spaces", ` ${b64(valid)}.abc`, /not two base64url segments/],
    ["a NUL byte", `${b64(valid)}\u0000.abc`, /not two base64url segments/],
    ["longer than 1024 characters", `${"a".repeat(1020)}.${"b".repeat(10)}`, /longer than 1024/],
    ["a megabyte", `${"a".repeat(1_000_000)}.b`, /longer than 1024/],
  ])("when the token is %s, then it is refused before anything is decoded", (_case, token, why) => {
    expect(refusal(token)).toMatch(why);
  });

  it("when the signature segment is not canonical base64url, then it is refused", () => {
    const token = signUserToken(valid, ec.privateKey);
    // 86 characters encode 64 bytes with 4 spare bits; setting them gives the same bytes to a lenient decoder.
    const signature = token.split(".")[1]!;
    const last = signature.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sloppy = alphabet[(alphabet.indexOf(last) & ~0b1111) | 0b0001]!;
    expect(refusal(`${token.split(".")[0]}.${signature.slice(0, -1)}${sloppy}`)).toMatch(/signature is not canonical base64url/);
  });

  it.each([
    ["not JSON", "not json", /payload is not JSON/],
    ["a JSON array", [USER, NOW, NOW + 60], /not a JSON object/],
    ["JSON null", null, /not a JSON object/],
    ["a JSON string", JSON.stringify("sub"), /not a JSON object/],
    ["without sub", { iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with a numeric sub", { sub: 42, iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with an empty sub", { sub: "", iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with a 65-character sub", { sub: "a".repeat(65), iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with a sub holding a newline", { sub: "user\nadmin", iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with a sub holding a wildcard", { sub: "*", iat: NOW, exp: NOW + 60 }, /sub is not/],
    ["with iat as a string", { sub: USER, iat: String(NOW), exp: NOW + 60 }, /iat is not/],
    ["with a fractional iat", { sub: USER, iat: NOW + 0.5, exp: NOW + 60 }, /iat is not/],
    ["with a negative iat", { sub: USER, iat: -1, exp: NOW + 60 }, /iat is not/],
    ["with exp beyond safe integers", { sub: USER, iat: NOW, exp: 2 ** 60 }, /exp is not/],
    ["without exp", { sub: USER, iat: NOW }, /exp is not/],
    ["expiring before it was issued", { sub: USER, iat: NOW, exp: NOW - 1 }, /expires before it was issued/],
    ["living longer than 300 s", { sub: USER, iat: NOW, exp: NOW + 301 }, /lifetime longer than 300 s/],
    ["issued in the future", { sub: USER, iat: NOW + 30, exp: NOW + 90 }, /issued in the future/],
    ["expired", { sub: USER, iat: NOW - 120, exp: NOW - 60 }, /expired/],
  ])("when the signed payload is %s, then it is refused", (_case, payload, why) => {
    expect(refusal(signedPayload(payload))).toMatch(why);
    expect(refusal(`${b64(payload)}.`, "unsigned")).toMatch(why);
  });

  it("when a token expired less than the 5 s clock skew ago, then it still holds; past it, it is refused", () => {
    const token = signUserToken(valid, ec.privateKey);
    expect(verifyUserToken(token, ec.publicKey, NOW + 64).sub).toBe(USER);
    expect(refusal(token, ec.publicKey, NOW + 65)).toMatch(/expired/);
  });

  it("when a payload carries members besides sub, iat and exp, then they are ignored", () => {
    expect(verifyUserToken(signedPayload({ ...valid, role: "admin" }), ec.publicKey, NOW)).toEqual(valid);
  });

  it("when a refusal is reported, then it never echoes the token", () => {
    const token = signUserToken({ ...valid, iat: NOW - 200, exp: NOW - 100 }, otherEc.privateKey);
    expect(refusal(token)).not.toContain(token.slice(0, 20));
  });

  it("when asked to sign a user id that is not UUID-like, then the signer refuses to issue it", () => {
    expect(() => signUserToken({ ...valid, sub: "a b" }, ec.privateKey)).toThrow(/not a UUID-like id/);
  });
});

describe("UserTokenSigner", () => {
  it("when the same user is signed for again within 40 s, then the cached token is reused; with less than 20 s left, a new one is issued", () => {
    let now = NOW * 1000;
    const signer = new UserTokenSigner(ec.privateKey, { now: () => now });
    const first = signer.tokenFor(USER);
    expect(verifyUserToken(first, ec.publicKey, NOW)).toEqual({ sub: USER, iat: NOW, exp: NOW + 60 });
    now += 40_000;
    expect(signer.tokenFor(USER)).toBe(first);
    now += 1_000;
    const second = signer.tokenFor(USER);
    expect(second).not.toBe(first);
    expect(verifyUserToken(second, ec.publicKey, NOW + 41)).toEqual({ sub: USER, iat: NOW + 41, exp: NOW + 101 });
  });

  it("when more users are signed for than it keeps, then the oldest is forgotten and signed again", () => {
    const now = NOW * 1000;
    // ECDSA signatures are randomized: a token signed again differs from the one cached before.
    const signer = new UserTokenSigner(ec.privateKey, { now: () => now, maxCached: 2 });
    const a = signer.tokenFor("user-a");
    signer.tokenFor("user-b");
    const c = signer.tokenFor("user-c");
    expect(signer.tokenFor("user-c")).toBe(c);
    expect(signer.tokenFor("user-a")).not.toBe(a);
    expect(signer.signs).toBe(true);
    expect(new UserTokenSigner(undefined).signs).toBe(false);
  });

  it("when renewBeforeSeconds is not below the lifetime, then the signer refuses the options", () => {
    expect(() => new UserTokenSigner(undefined, { lifetimeSeconds: 60, renewBeforeSeconds: 60 })).toThrow(/renewBeforeSeconds/);
  });
});

describe("VerifiedUserTokens", () => {
  it("when a token was verified for one peer, then only that peer's lookups find it, and only until it expires", () => {
    const cache = new VerifiedUserTokens();
    cache.set("peer-a", "token", valid);
    expect(cache.get("peer-a", "token", NOW)).toEqual(valid);
    expect(cache.get("peer-b", "token", NOW)).toBeUndefined();
    expect(cache.get("peer-a", "token", NOW + 65)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("when more tokens are verified than it keeps, then the oldest entries go and the size stays bounded", () => {
    const cache = new VerifiedUserTokens(3);
    for (let i = 0; i < 10; i++) cache.set("peer", `token-${i}`, valid);
    expect(cache.size).toBe(3);
    expect(cache.get("peer", "token-0", NOW)).toBeUndefined();
    expect(cache.get("peer", "token-9", NOW)).toEqual(valid);
  });
});
