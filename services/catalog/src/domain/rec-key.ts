/** Recommendation keys live in [0, REC_KEY_SPACE). */
export const REC_KEY_SPACE = 0x8000_0000;

/**
 * A stable pseudo-random position in [0, 2^31) for any string (FNV-1a, 32 bits, then mixed).
 * Products get one as their `rec_key`; a user's recommendations start at the key of their id,
 * so the same user always sees the same list and different users start in different places.
 */
export function recKeyOf(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche so that ids sharing a long prefix (UUIDv7 time bits) still spread out.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % REC_KEY_SPACE;
}
