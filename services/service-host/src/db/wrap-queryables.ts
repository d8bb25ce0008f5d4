import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/** Runs one statement: an adapter's (or a transaction's) own `queryRaw` or `executeRaw`. */
export type StatementRunner<R> = (query: SqlQuery) => Promise<R>;

/** Makes the replacement of a runner; called once per method of each adapter and transaction. */
export type StatementWrapper = <R>(run: StatementRunner<R>) => StatementRunner<R>;

/**
 * An adapter factory whose adapters, and the transactions they start, run every statement Prisma
 * sends (`queryRaw`, `executeRaw`) through `wrap`. Transaction control (BEGIN) is sent by the
 * adapter itself, so it is not seen; COMMIT and ROLLBACK go through the transaction's
 * `executeRaw`, so they are.
 */
export function wrapQueryables(factory: SqlDriverAdapterFactory, wrap: StatementWrapper): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      wrapMethods(adapter, wrap);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (...args): Promise<Transaction> => {
        const transaction = await startTransaction(...args);
        wrapMethods(transaction, wrap);
        return transaction;
      };
      return adapter;
    },
  };
}

function wrapMethods(queryable: SqlQueryable, wrap: StatementWrapper): void {
  queryable.queryRaw = wrap(queryable.queryRaw.bind(queryable));
  queryable.executeRaw = wrap(queryable.executeRaw.bind(queryable));
}
