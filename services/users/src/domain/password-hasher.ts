import { randomBytes } from "node:crypto";
import { hash as argon2Hash, parseOptions, verify as argon2Verify, type Algorithm } from "@node-rs/argon2";
import { parseScryptHash, verifyScrypt } from "./legacy-scrypt.js";

/** Argon2id cost parameters; they are stored in every hash (PHC form), so they can be raised later. */
export interface Argon2Params {
  /** Memory per hash in KiB. @default 19456 (19 MiB, OWASP's first Argon2id setting) */
  readonly memoryCost: number;
  /** Passes over the memory. @default 2 */
  readonly timeCost: number;
  /** Lanes. @default 1 */
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet, first Argon2id configuration: m=19456 KiB, t=2, p=1. */
export const DEFAULT_ARGON2_PARAMS: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * The stored form of a password that no password can match (seeded users other than the demo
 * login carry it). It is neither a PHC string nor a legacy scrypt hash, so verification never accepts it.
 */
export const UNUSABLE_PASSWORD_HASH = "!unusable";

// `Algorithm` is an ambient const enum, which isolated modules cannot read: Argon2id is its value 2.
const ARGON2ID = 2 as Algorithm;
const ARGON2ID_PREFIX = "$argon2id$";
// Refuse to run a stored hash whose parameters would exhaust memory or CPU (a corrupted row).
const MAX_MEMORY_KIB = 256 * 1024;
const MAX_TIME_COST = 16;
const MAX_PARALLELISM = 16;

/** Hashes and checks passwords: Argon2id for every new hash; legacy scrypt hashes still verify. */
export interface PasswordHasher {
  /** An Argon2id hash in PHC form (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`) with a random 16-byte salt. */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `stored`. When `stored` is undefined (unknown email), unusable or
   * unreadable, the same Argon2id work is done against a dummy hash and the answer is false, so
   * the time taken does not tell an unknown email from a wrong password.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
  /**
   * True when `stored` verifies but was made with other means than new hashes are (legacy scrypt,
   * or Argon2id with other parameters): after a successful check it should be replaced.
   */
  needsRehash(stored: string): boolean;
}

/** A {@link PasswordHasher} whose new hashes use `params` (tests may lower them). */
export function createPasswordHasher(params: Argon2Params = DEFAULT_ARGON2_PARAMS): PasswordHasher {
  const options = { algorithm: ARGON2ID, memoryCost: params.memoryCost, timeCost: params.timeCost, parallelism: params.parallelism };
  const hash = (password: string) => argon2Hash(password.normalize("NFC"), options);
  // One dummy per hasher, made with the current parameters so that it costs what a real check costs.
  let dummy: Promise<string> | undefined;
  const dummyHash = (): Promise<string> => (dummy ??= hash(randomBytes(16).toString("base64url")));

  return {
    hash,
    async verify(password, stored) {
      const kind = stored === undefined ? undefined : classify(stored);
      if (kind === "argon2id") return verifyArgon2(stored!, password);
      if (kind !== undefined) return verifyScrypt(password, kind);
      await verifyArgon2(await dummyHash(), password);
      return false;
    },
    needsRehash(stored) {
      const kind = classify(stored);
      if (kind === undefined) return false;
      if (kind !== "argon2id") return true;
      const used = parseOptions(stored);
      return used.memoryCost !== params.memoryCost || used.timeCost !== params.timeCost || used.parallelism !== params.parallelism;
    },
  };
}

/** What a stored hash is: an Argon2id PHC string within bounds, a legacy scrypt hash, or neither. */
function classify(stored: string): "argon2id" | NonNullable<ReturnType<typeof parseScryptHash>> | undefined {
  if (stored.startsWith(ARGON2ID_PREFIX)) {
    let used: ReturnType<typeof parseOptions>;
    try {
      used = parseOptions(stored);
    } catch {
      return undefined;
    }
    const withinBounds =
      used.algorithm === ARGON2ID && used.memoryCost <= MAX_MEMORY_KIB && used.timeCost <= MAX_TIME_COST && used.parallelism <= MAX_PARALLELISM;
    return withinBounds ? "argon2id" : undefined;
  }
  return parseScryptHash(stored);
}

async function verifyArgon2(stored: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(stored, password.normalize("NFC"));
  } catch {
    // A hash that parsed but cannot be checked (e.g. a truncated salt) matches nothing.
    return false;
  }
}
