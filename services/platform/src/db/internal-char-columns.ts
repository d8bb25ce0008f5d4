import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";

/** PostgreSQL's internal one-byte `"char"` type (pg_catalog columns such as `relkind`, `contype`). */
const internalCharOid = 18;
const textOid = 25;

interface PgResultLike {
  readonly fields: { dataTypeID: number }[];
}
interface PerformsIo {
  performIO(query: unknown): Promise<PgResultLike>;
}

function patchQueryable(queryable: object): void {
  const target = queryable as PerformsIo;
  if (typeof target.performIO !== "function") return;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === internalCharOid) field.dataTypeID = textOid;
    }
    return result;
  };
}

/**
 * `@prisma/adapter-pg` refuses result columns of PostgreSQL's internal `"char"` type
 * (UnsupportedNativeDataType), and the schema engine's catalog queries return such columns when it
 * describes a database (diffing against migrations). pg hands their values over as one-character
 * strings already, so reporting them as text is exact. Only for the schema engine's adapters.
 */
export function charColumnsAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args): Promise<Transaction> => {
    const transaction = await startTransaction(...args);
    patchQueryable(transaction);
    return transaction;
  };
  return adapter;
}
