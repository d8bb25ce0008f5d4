import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery, type Transaction } from "@prisma/driver-adapter-utils";

/** PostgreSQL's internal one-byte `"char"` type (catalog columns such as `relkind`, `contype`). */
const internalCharOid = 18;
const textOid = 25;

interface PgResultLike {
  readonly fields: { dataTypeID: number }[];
}
interface PgQueryableLike {
  performIO(query: SqlQuery): Promise<PgResultLike>;
  queryRaw: SqlDriverAdapter["queryRaw"];
}

function patchQueryable(queryable: object): void {
  const target = queryable as PgQueryableLike;
  if (typeof target.performIO !== "function") return;
  const charColumns = new WeakMap<SqlQuery, number[]>();
  const performIO = target.performIO.bind(target);
  const queryRaw = target.queryRaw.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === internalCharOid) {
        field.dataTypeID = textOid; // lets the adapter map the column; corrected below
        indexes.push(index);
      }
    });
    if (indexes.length > 0) charColumns.set(query, indexes);
    return result;
  };
  target.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    charColumns.delete(query);
    return result;
  };
}

/**
 * `@prisma/adapter-pg` refuses result columns of PostgreSQL's internal `"char"` type
 * (UnsupportedNativeDataType), yet the schema engine's catalog queries return such columns whenever
 * it describes a database (diffing against a migrations folder) and read them as characters. pg
 * hands their values over as one-character strings, so they are reported as `Character` columns.
 * Only for the schema engine's own adapters.
 */
export function supportInternalCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args): Promise<Transaction> => {
    const transaction = await startTransaction(...args);
    patchQueryable(transaction);
    return transaction;
  };
  return adapter;
}
