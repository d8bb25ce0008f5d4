import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { wrapQueryables } from "./wrap-queryables.js";

/** One SQL statement Prisma sent through the adapter. */
export interface ObservedQuery {
  /** The SQL text, with `$1`… placeholders. */
  readonly sql: string;
  /** How many bound parameters it carried. */
  readonly argCount: number;
}

/** Called for every statement Prisma runs (queries and writes, inside transactions too). */
export type QueryListener = (query: ObservedQuery) => void;

/**
 * Wraps an adapter factory so that `listener` sees every statement Prisma runs through the adapters
 * it connects, inside transactions too.
 */
export function observeQueries(factory: SqlDriverAdapterFactory, listener: QueryListener): SqlDriverAdapterFactory {
  return wrapQueryables(factory, (run) => (query) => {
    listener({ sql: query.sql, argCount: query.args.length });
    return run(query);
  });
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
