import type { ReadMaskMapping } from "./mapping.js";
import { unionMask, type ReadMask } from "./mask-paths.js";
import type { OperationReadMasks } from "./operation-read-masks.js";

/** The backend entities both BFFs read, one per batch RPC family: the keys of every mapping. */
export type ReadEntity = "product" | "order" | "user";

/** A BFF's declared mapping from its GraphQL types to the proto paths each field reads. */
export type BffReadMaskMapping = ReadMaskMapping<ReadEntity>;

/** The `read_mask` part of a read request: a FieldMask's init, or nothing (every field). */
export type ReadMaskRequest = { readonly readMask?: { readonly paths: string[] } };

/**
 * The read masks of the operation one request executes. Until the operation is known (and when
 * masks are off, or the operation does not select an entity) every entity reads "all", which is
 * exactly the behaviour before masks existed.
 */
export interface RequestReadMasks {
  /** The mask `entity` is read with in this request. */
  of(entity: ReadEntity): ReadMask;
  /** The same mask as a request field: spread it into the read RPC's request. */
  request(entity: ReadEntity): ReadMaskRequest;
}

/** {@link RequestReadMasks} plus the one call that fixes them, made when execution starts. */
export interface SettableReadMasks extends RequestReadMasks {
  set(masks: OperationReadMasks<ReadEntity>): void;
}

const EVERY_FIELD: ReadMaskRequest = Object.freeze({});

/**
 * Paths read whatever the operation selects: both BFFs check that an order they load by id is
 * the viewer's own (`loadOwnOrder`), which needs its user id.
 */
const ALWAYS_READ: Readonly<Partial<Record<ReadEntity, readonly string[]>>> = { order: ["user_id"] };

/** The masks of one request, all "all" until `set` is called with the operation's. */
export function createRequestReadMasks(): SettableReadMasks {
  let masks: OperationReadMasks<ReadEntity> = {};
  return {
    set: (operationMasks) => {
      const withAlwaysRead: Partial<Record<ReadEntity, readonly string[]>> = { ...operationMasks };
      for (const [entity, always] of Object.entries(ALWAYS_READ) as [ReadEntity, readonly string[]][]) {
        const paths = operationMasks[entity];
        if (paths !== undefined) withAlwaysRead[entity] = unionMask(paths, always);
      }
      masks = withAlwaysRead;
    },
    of: (entity) => masks[entity] ?? "all",
    request: (entity) => {
      const paths = masks[entity];
      return paths === undefined ? EVERY_FIELD : { readMask: { paths: [...paths] } };
    },
  };
}
