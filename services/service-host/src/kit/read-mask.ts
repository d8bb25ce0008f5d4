import type { FieldViolations } from "./field-violations.js";

/**
 * Which fields of a resource a read returns (AIP-157 read masks), in the domain's terms: the
 * paths of a request's `google.protobuf.FieldMask`, checked against the paths the resource has.
 * Paths are the contract's field names (`display_name`, `lines.quantity`), and a path selects
 * everything below it (`lines` selects `lines.quantity`).
 */
export interface FieldSelection<P extends string> {
  /** True when the mask was empty: every field, as before read masks existed. */
  readonly all: boolean;
  /** True when `path` is selected: named itself, below a named path, or `all`. */
  has(path: P): boolean;
  /** True when `path` or any path below it is selected: whether anything of it must be read at all. */
  touches(path: P): boolean;
  /** `value` when `path` is selected, else undefined (which leaves a message field at its default). */
  pick<T>(path: P, value: T): T | undefined;
}

/** What a masked read hands back beside its records: what its read mask selected, i.e. the fields they hold. */
export interface SelectedFields<P extends string> {
  readonly fields: FieldSelection<P>;
}

/** The selection of an empty read mask: every field. Also what a write answers with. */
export const EVERY_FIELD: FieldSelection<string> = {
  all: true,
  has: () => true,
  touches: () => true,
  pick: (_, value) => value,
};

/** At most this many characters of an unknown path are quoted back. */
const MAX_QUOTED_PATH = 32;

/** What a field path can look like; anything else is not quoted back (in UTF-8 it could be any size). */
const PATH_LIKE = /^[A-Za-z0-9_.]*$/;

/**
 * Reads the paths of a request's read mask. An empty mask selects every field; otherwise each
 * path must be one of `known`, and each one that is not gets a violation on `<field>.paths[i]`
 * naming it. The descriptions stay short because the BadRequest of a status trailer has about
 * 2 KiB (grpc-runtime drops it whole beyond that): only the first lists the known paths, and a
 * path is quoted only when it looks like one, cut to {@link MAX_QUOTED_PATH} characters.
 */
export function parseReadMask<P extends string>(
  paths: readonly string[],
  known: readonly P[],
  violations: FieldViolations,
  field = "read_mask",
): FieldSelection<P> {
  if (paths.length === 0) return EVERY_FIELD;
  const knownPaths = new Set<string>(known);
  let knownListed = false;
  paths.forEach((path, i) => {
    if (knownPaths.has(path)) return;
    const hint = knownListed ? "" : `; known fields: ${known.join(", ")}`;
    knownListed = true;
    violations.add(`${field}.paths[${i}]`, `${unknownField(path)}${hint}`);
  });
  return new SelectedPaths(paths.filter((path) => knownPaths.has(path)));
}

/**
 * The storage columns a read needs, as `{ column: true }` (the shape of a Prisma `select`): the
 * `always` columns (an id, a page cursor) and the columns `columnsOf` lists for each selected
 * field. A field `columnsOf` leaves out needs no column of this table.
 */
export function selectColumns<P extends string, C extends string>(
  fields: FieldSelection<P>,
  columnsOf: Readonly<Partial<Record<P, readonly C[]>>>,
  always: readonly C[] = [],
): Partial<Record<C, true>> {
  const select: Partial<Record<C, true>> = {};
  for (const column of always) select[column] = true;
  for (const [field, columns] of Object.entries(columnsOf) as [P, readonly C[]][]) {
    if (fields.has(field)) for (const column of columns) select[column] = true;
  }
  return select;
}

/** The selection of a non-empty read mask whose paths are all known. */
class SelectedPaths<P extends string> implements FieldSelection<P> {
  readonly all = false;
  readonly #paths: ReadonlySet<string>;

  constructor(paths: readonly string[]) {
    this.#paths = new Set(paths);
  }

  has(path: P): boolean {
    for (let at: string = path; ; ) {
      if (this.#paths.has(at)) return true;
      const parentEnd = at.lastIndexOf(".");
      if (parentEnd < 0) return false;
      at = at.slice(0, parentEnd);
    }
  }

  touches(path: P): boolean {
    if (this.has(path)) return true;
    const below = `${path}.`;
    return [...this.#paths].some((selected) => selected.startsWith(below));
  }

  pick<T>(path: P, value: T): T | undefined {
    return this.has(path) ? value : undefined;
  }
}

/** The description of an unknown path: quoted when it looks like a path, cut when long. */
function unknownField(path: string): string {
  if (!PATH_LIKE.test(path)) return "unknown field (not a field path)";
  return `unknown field "${path.length > MAX_QUOTED_PATH ? `${path.slice(0, MAX_QUOTED_PATH)}…` : path}"`;
}
