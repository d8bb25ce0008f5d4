import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost parameters; they are stored with every hash, so they can be raised later. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 32768 (2^15: 32 MiB per hash with r = 8) */
  readonly N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelisation. @default 1 */
  readonly p: number;
}

/** The parameters new hashes use: 2^15 × 8 × 128 B = 32 MiB of memory per hash. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/**
 * The stored form of a password that no password can match (seeded users other than the demo
 * login carry it). It is not in the `scrypt$…` format, so verification never accepts it.
 */
export const UNUSABLE_PASSWORD_HASH = "!unusable";

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Refuse to run a stored hash whose parameters would exhaust memory or CPU (a corrupted row).
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Hashes and checks passwords with scrypt, a per-password random 16-byte salt and constant-time comparison. */
export interface PasswordHasher {
  /** `scrypt$N$r$p$<salt base64url>$<hash base64url>`. */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `stored`. When `stored` is undefined (unknown email) or unusable,
   * the same scrypt work is done against a dummy hash and the answer is false, so the time taken
   * does not tell an unknown email from a wrong password.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
}

/** A {@link PasswordHasher} with the given parameters for new hashes. */
export function createPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): PasswordHasher {
  let dummy: Promise<ParsedHash> | undefined;
  const dummyHash = (): Promise<ParsedHash> => {
    dummy ??= hashWith(randomBytes(SALT_BYTES).toString("base64url"), params).then((text) => parseHash(text)!);
    return dummy;
  };
  return {
    hash: (password) => hashWith(password, params),
    async verify(password, stored) {
      const parsed = stored === undefined ? undefined : parseHash(stored);
      if (parsed === undefined) {
        const fake = await dummyHash();
        const derived = await derive(password, fake.salt, fake.params, fake.hash.length);
        timingSafeEqual(derived, fake.hash);
        return false;
      }
      const derived = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
      return timingSafeEqual(derived, parsed.hash);
    },
  };
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

async function hashWith(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, KEY_BYTES);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Parses `scrypt$N$r$p$salt$hash`; undefined for anything else (including unusable markers). */
function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const valid =
    Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= MAX_R &&
    Number.isInteger(p) && p >= 1 && p <= MAX_P;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4]!, "base64url");
  const hash = Buffer.from(parts[5]!, "base64url");
  if (salt.length === 0 || hash.length < 16) return undefined;
  return { params: { N, r, p }, salt, hash };
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
