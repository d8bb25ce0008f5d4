/** A canonical UUID (any version; the contracts use v7): what every id argument must look like. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * True when `id` can name a record. Anything else cannot exist, so it is answered like a missing
 * record without calling a service.
 */
export function isRecordId(id: string): boolean {
  return UUID.test(id);
}
