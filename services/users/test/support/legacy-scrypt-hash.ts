import { randomBytes, scrypt } from "node:crypto";

/**
 * A password hash exactly as the service stored it before Argon2id: `scrypt$N$r$p$<salt>$<key>`
 * (base64url, 16-byte salt, 32-byte key, NFC password). Written here independently of the service's
 * code, so a test of the migration stores what the old code really wrote.
 */
export function legacyScryptHash(password: string, params = { N: 1024, r: 8, p: 1 }): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, 32, { ...params, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$"));
    });
  });
}
