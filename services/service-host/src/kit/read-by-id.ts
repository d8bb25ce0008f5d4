import { NotFoundError } from "./domain-errors.js";
import { FieldViolations } from "./field-violations.js";
import { checkId } from "./ids.js";
import { parseReadMask, type FieldSelection, type SelectedFields } from "./read-mask.js";

/** What a Get method names: the id, and the paths of its read mask (empty for every field). */
export interface ReadByIdRequest {
  readonly id: string;
  readonly readMask: readonly string[];
}

/** The kind of record a Get method reads. */
export interface ReadableResource<P extends string> {
  /** Its name in a NotFoundError, e.g. `product`. */
  readonly type: string;
  /** The paths its read mask may name. */
  readonly fields: readonly P[];
}

/**
 * What every Get method does, through the batch read its BatchGet uses: checks the id and the read
 * mask together (one InvalidInputError for both), reads the record with the selected fields only,
 * and throws NotFoundError naming the id when there is none.
 */
export async function readById<P extends string, T>(
  resource: ReadableResource<P>,
  request: ReadByIdRequest,
  findByIds: (ids: readonly string[], fields: FieldSelection<P>) => Promise<readonly T[]>,
): Promise<{ readonly record: T } & SelectedFields<P>> {
  const violations = new FieldViolations();
  checkId(violations, "id", request.id);
  const fields = parseReadMask(request.readMask, resource.fields, violations);
  violations.throwIfAny();

  const [record] = await findByIds([request.id], fields);
  if (record === undefined) throw new NotFoundError(resource.type, [request.id]);
  return { record, fields };
}
