/**
 * A read mask as the loaders hold it: the proto field paths an entity was (or must be) read with,
 * or "all" for a read without a mask. An empty list means no paths at all, never "all": convert
 * an empty wire mask (which AIP-157 reads as every field) to "all" before comparing.
 */
export type ReadMask = readonly string[] | "all";

/** The paths sorted, each once; the one order every mask is kept in, so equal masks compare equal. */
export function sortedPaths(paths: Iterable<string>): readonly string[] {
  return [...new Set(paths)].sort();
}

/**
 * The union of two masks, sorted, each path once; "all" when either is. Paths covered by a
 * shorter one (`lines.quantity` beside `lines`) are kept: they are harmless and keep this cheap.
 * Loaders use it to merge the masks asked for in one tick into one batch call.
 */
export function unionMask(a: readonly string[], b: readonly string[]): readonly string[];
export function unionMask(a: ReadMask, b: ReadMask): ReadMask;
export function unionMask(a: ReadMask, b: ReadMask): ReadMask {
  if (a === "all" || b === "all") return "all";
  return sortedPaths([...a, ...b]);
}

/**
 * Whether an entity read with mask `have` holds everything mask `need` asks for. A path covers
 * itself and every path nested under it (`lines` covers `lines.quantity`, but not `lines_total`,
 * which merely starts with the same letters); "all" covers everything, and only "all" covers a need of "all". Loaders use it
 * to refuse a cached entity that was fetched with a narrower mask.
 */
export function maskCovers(have: ReadMask, need: ReadMask): boolean {
  if (have === "all") return true;
  if (need === "all") return false;
  return need.every((path) => have.some((held) => path === held || path.startsWith(`${held}.`)));
}
