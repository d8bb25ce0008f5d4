import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from "@prisma/driver-adapter-utils";

/** One SQL statement Prisma sent through the adapter. */
export interface ObservedQuery {
  /** The SQL text, with `$1`… placeholders. */
  readonly sql: string;
  /** How many bound parameters it carried. */
  readonly argCount: number;
}

/** Called for every statement Prisma runs (queries and writes, inside transactions too). */
export type QueryListener = (query: ObservedQuery) => void;

function observe(queryable: SqlQueryable, listener: QueryListener): void {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query: SqlQuery) => {
    listener({ sql: query.sql, argCount: query.args.length });
    return queryRaw(query);
  };
  queryable.executeRaw = (query: SqlQuery) => {
    listener({ sql: query.sql, argCount: query.args.length });
    return executeRaw(query);
  };
}

/**
 * Wraps an adapter factory so that `listener` sees every statement Prisma runs through the adapters
 * it connects (transaction control — BEGIN/COMMIT — is not a statement Prisma sends, so it is not
 * reported).
 */
export function observeQueries(factory: SqlDriverAdapterFactory, listener: QueryListener): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      observe(adapter, listener);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (...args): Promise<Transaction> => {
        const transaction = await startTransaction(...args);
        observe(transaction, listener);
        return transaction;
      };
      return adapter;
    },
  };
}

/**
 * Counts the statements of a piece of code, to prove e.g. that a batch read is one SQL query:
 *
 * ```ts
 * const counter = new QueryCounter();
 * const db = await openDatabase({ ..., onQuery: counter.listener });
 * counter.reset();
 * await repository.getMany(ids);
 * expect(counter.count).toBe(1);
 * ```
 */
export class QueryCounter {
  readonly #queries: ObservedQuery[] = [];

  /** Pass this as `onQuery`. */
  readonly listener: QueryListener = (query) => {
    this.#queries.push(query);
  };

  /** How many statements ran since the last `reset()`. */
  get count(): number {
    return this.#queries.length;
  }

  /** The statements that ran since the last `reset()`, oldest first. */
  get queries(): readonly ObservedQuery[] {
    return [...this.#queries];
  }

  /** Forgets what was counted so far. */
  reset(): void {
    this.#queries.length = 0;
  }
}
