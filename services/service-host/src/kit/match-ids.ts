/** Records matched to the ids a batch read asked for. */
export interface MatchedIds<T> {
  /** The records found, in the order of `ids`. */
  readonly found: T[];
  /** The ids with no record, in the order of `ids`. */
  readonly missingIds: string[];
}

/**
 * Puts the records a repository returned (in any order) into the order of the requested `ids`,
 * and names the ids it did not return: the answer shape of every BatchGet method.
 */
export function matchIds<T extends { readonly id: string }>(ids: readonly string[], records: readonly T[]): MatchedIds<T> {
  const byId = new Map(records.map((record) => [record.id, record] as const));
  const found: T[] = [];
  const missingIds: string[] = [];
  for (const id of ids) {
    const record = byId.get(id);
    if (record === undefined) missingIds.push(id);
    else found.push(record);
  }
  return { found, missingIds };
}
