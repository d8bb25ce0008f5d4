import { scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * The password hashes the service wrote before Argon2id: `scrypt$N$r$p$<salt>$<hash>` (base64url
 * salt and key). They are only ever verified (and then replaced by an Argon2id hash), never made.
 */
export interface ScryptHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

// Refuse to run a stored hash whose parameters would exhaust memory or CPU (a corrupted row).
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Parses a legacy scrypt hash; undefined for anything else, including parameters beyond the bounds above. */
export function parseScryptHash(stored: string): ScryptHash | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const valid =
    Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= MAX_R &&
    Number.isInteger(p) && p >= 1 && p <= MAX_P;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4]!, "base64url");
  const key = Buffer.from(parts[5]!, "base64url");
  if (salt.length === 0 || key.length < 16) return undefined;
  return { N, r, p, salt, key };
}

/** True when `password` (NFC-normalised, as it was when hashed) derives the key of `hash`; compared in constant time. */
export async function verifyScrypt(password: string, hash: ScryptHash): Promise<boolean> {
  const derived = await deriveScrypt(password, hash);
  return timingSafeEqual(derived, hash.key);
}

function deriveScrypt(password: string, hash: ScryptHash): Promise<Buffer> {
  const options: ScryptOptions = { N: hash.N, r: hash.r, p: hash.p, maxmem: 256 * hash.N * hash.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), hash.salt, hash.key.length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
