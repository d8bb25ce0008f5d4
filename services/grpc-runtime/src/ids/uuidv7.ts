import { randomFillSync } from "node:crypto";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True when `value` is a canonical lower-case UUIDv7, the id format of every contract. */
export function isUuidV7(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * A UUIDv7 from a millisecond timestamp and 10 random bytes (only 74 of their bits are used).
 * Ids made later sort after ids made earlier, which keeps b-tree inserts local.
 */
export function uuidV7From(timeMs: number, random: Uint8Array): string {
  const bytes = new Uint8Array(16);
  let t = Math.floor(timeMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new random UUIDv7 for the current time. */
export function newId(now: number = Date.now()): string {
  return uuidV7From(now, randomFillSync(new Uint8Array(10)));
}
