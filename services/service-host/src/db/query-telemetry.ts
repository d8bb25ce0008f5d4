import { SpanStatusCode } from "@opentelemetry/api";
import type { SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { currentRequestContext, SpanKind, type Metrics, type Span, type Telemetry, type Tracing } from "@shop/grpc-runtime";
import { sqlStatementOf, UNKNOWN_TABLE, type SqlStatement } from "./sql-statement.js";
import { wrapQueryables, type StatementRunner } from "./wrap-queryables.js";

/**
 * Most distinct table labels one database reports; a table first seen after that is reported as
 * "other". The tables come from the service's fixed schema (Prisma sends every value as a
 * parameter, never in the text), so this is never reached in practice: it only guarantees that the
 * label set stays bounded whatever SQL runs.
 */
export const MAX_TABLE_LABELS = 64;

/** The table label past {@link MAX_TABLE_LABELS}. */
export const OVERFLOW_TABLE = "other";

/**
 * Wraps an adapter factory so that every statement Prisma runs through it is timed into
 * `metrics.query(operation, table, seconds)` and, when this process traces and the statement runs
 * for a request whose span records, becomes a CLIENT span child of that request's span:
 * "SELECT products" with `db.system.name`, `db.operation.name` and `db.collection.name`. Neither
 * the SQL text nor its arguments are recorded, so no value can leak into a metric or a span.
 */
export function instrumentQueries(factory: SqlDriverAdapterFactory, telemetry: Telemetry): SqlDriverAdapterFactory {
  const labels = new StatementLabels();
  const { metrics, tracing } = telemetry;
  return wrapQueryables(
    factory,
    (run) =>
      (query) => {
        const statement = labels.of(query.sql);
        const parent = tracing === undefined ? undefined : currentRequestContext()?.span;
        const span = parent !== undefined && parent.isRecording() ? startStatementSpan(tracing!, parent, statement) : undefined;
        return measured(run, query, statement, metrics, span);
      },
  );
}

/** Runs a statement, records its duration and ends its span (when it has one). */
function measured<R>(run: StatementRunner<R>, query: SqlQuery, statement: SqlStatement, metrics: Metrics, span: Span | undefined): Promise<R> {
  const started = performance.now();
  const done = (failed: boolean, error: unknown): void => {
    metrics.query(statement.operation, statement.table, (performance.now() - started) / 1000);
    if (span !== undefined) endStatementSpan(span, failed, error);
  };
  return run(query).then(
    (result) => {
      done(false, undefined);
      return result;
    },
    (error: unknown) => {
      done(true, error);
      throw error;
    },
  );
}

/** The CLIENT span of one statement, child of the request's span: "SELECT products", or "COMMIT" when there is no table. */
function startStatementSpan(tracing: Tracing, parent: Span, statement: SqlStatement): Span {
  const { operation, table } = statement;
  const known = table !== UNKNOWN_TABLE;
  return tracing.startSpan(known ? `${operation} ${table}` : operation, SpanKind.CLIENT, parent, {
    "db.system.name": "postgresql",
    "db.operation.name": operation,
    ...(known ? { "db.collection.name": table } : {}),
  }).span;
}

/** Ends a statement's span; a failure makes it an ERROR that names the error's kind and SQLSTATE, never its message. */
function endStatementSpan(span: Span, failed: boolean, error: unknown): void {
  if (failed) {
    const { type, code } = errorLabelsOf(error);
    span.setAttribute("error.type", type);
    if (code !== undefined) span.setAttribute("db.response.status_code", code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: code === undefined ? type : `${type} (${code})` });
  }
  span.end();
}

/** SQLSTATE: five digits or upper-case letters. */
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** What an error kind or class name may look like to be recorded. */
const ERROR_KIND = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * What a failed statement's span may say about its error: the adapter's error kind (e.g.
 * "UniqueConstraintViolation") or the error's class, and the SQLSTATE when there is one. Never the
 * message, which may quote the values (PostgreSQL's "Key (email)=(…) already exists").
 */
export function errorLabelsOf(error: unknown): { readonly type: string; readonly code: string | undefined } {
  const cause = (error as { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } | null)?.cause;
  const kind = cause?.kind;
  const name = (error as { name?: unknown } | null)?.name;
  const type = typeof kind === "string" && ERROR_KIND.test(kind) ? kind : typeof name === "string" && ERROR_KIND.test(name) ? name : "Error";
  const rawCode = cause?.originalCode ?? cause?.code ?? (error as { code?: unknown } | null)?.code;
  return { type, code: typeof rawCode === "string" && SQLSTATE.test(rawCode) ? rawCode : undefined };
}

/**
 * The labels of each statement, with the table labels bounded to {@link MAX_TABLE_LABELS}. The
 * text is read anew each time: about 2 µs for a 600-character Prisma SELECT, less than looking a
 * freshly built text up in a cache would cost, and nothing is kept per text.
 */
export class StatementLabels {
  readonly #tables = new Set<string>();

  of(sql: string): SqlStatement {
    const statement = sqlStatementOf(sql);
    if (this.#tables.has(statement.table)) return statement;
    if (this.#tables.size < MAX_TABLE_LABELS) {
      this.#tables.add(statement.table);
      return statement;
    }
    return { operation: statement.operation, table: OVERFLOW_TABLE };
  }
}
