/**
 * What a SQL statement does, read from its text alone, for metric labels and span names: the
 * statement kind and the table it works on. Never the values: Prisma sends every value as a `$n`
 * parameter, and nothing here returns any part of the text but a keyword or a table name.
 */

/** The statement kind and table of one SQL statement. */
export interface SqlStatement {
  /** SELECT, INSERT, UPDATE, DELETE, MERGE, BEGIN, COMMIT or ROLLBACK; OTHER for anything else. */
  readonly operation: string;
  /** The table, lower-case and unqualified (`products`); {@link UNKNOWN_TABLE} when there is none or it cannot be told. */
  readonly table: string;
}

/** The table label of a statement with no table (or one this reader cannot tell). */
export const UNKNOWN_TABLE = "unknown";

/** The operation label of a statement of any other kind. */
export const OTHER_OPERATION = "OTHER";

/** The statement kinds reported by name; every other kind is {@link OTHER_OPERATION}. */
const OPERATIONS: ReadonlySet<string> = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "BEGIN", "COMMIT", "ROLLBACK"]);

/** The keyword after which each kind names its table. */
const TABLE_KEYWORD: Readonly<Record<string, string>> = { SELECT: "FROM", DELETE: "FROM", INSERT: "INTO", MERGE: "INTO", UPDATE: "UPDATE" };

/** What a table label may look like: a PostgreSQL identifier, lower-case, at most 64 characters. */
const TABLE_NAME = /^[a-z_][a-z0-9_$]{0,63}$/;

/** A statement kind and table nobody can tell anything about. */
const OTHER: SqlStatement = { operation: OTHER_OPERATION, table: UNKNOWN_TABLE };

/**
 * The kind and table of `sql`: `SELECT … FROM "public"."products"` → SELECT products,
 * `INSERT INTO orders …` → INSERT orders, `UPDATE ONLY x …` → UPDATE x, `WITH a AS (…) DELETE FROM
 * b` → DELETE b (a table that is one of the statement's own CTEs is looked up inside that CTE).
 * Comments, string literals and parenthesised parts (sub-queries, column lists) are skipped, so the
 * table is the statement's own. The table is a label: only a plain identifier, lower-cased, up to
 * 64 characters, else "unknown".
 */
export function sqlStatementOf(sql: string): SqlStatement {
  return statementIn(sql, 0, sql.length, 0);
}

/** Sub-queries and CTEs are followed this deep at most (a hostile text cannot recurse for ever). */
const MAX_DEPTH = 4;

function statementIn(sql: string, start: number, end: number, depth: number): SqlStatement {
  const scanner = new TopLevelScanner(sql, start, end);
  let token = scanner.next();
  if (token === undefined || token.kind !== "word") return OTHER;
  let keyword = textOf(sql, token).toUpperCase();
  let ctes: Map<string, Token> | undefined;
  if (keyword === "WITH") {
    ctes = new Map();
    // `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body), …` then the main statement.
    for (let previous: Token | undefined; (token = scanner.next()) !== undefined; ) {
      if (token.kind === "word") {
        const upper = textOf(sql, token).toUpperCase();
        if (OPERATIONS.has(upper) && previous?.kind !== "word") {
          keyword = upper;
          break;
        }
        if (upper === "AS" && previous !== undefined && (previous.kind === "word" || previous.kind === "quoted")) {
          const body = scanner.nextGroup();
          if (body !== undefined) ctes.set(nameOf(sql, previous), body);
          previous = body;
          continue;
        }
      }
      // A column list between a CTE's name and AS: keep the name as the one AS refers to.
      if (token.kind !== "group" || previous === undefined || previous.kind === "group") previous = token;
    }
    if (token === undefined) return OTHER;
  }
  if (!OPERATIONS.has(keyword)) return OTHER;
  const tableKeyword = TABLE_KEYWORD[keyword];
  if (tableKeyword === undefined) return { operation: keyword, table: UNKNOWN_TABLE };
  let target: Token | undefined;
  if (keyword === "UPDATE") target = scanner.next();
  else if (scanner.skipPast(tableKeyword)) target = scanner.next();
  if (target?.kind === "word" && isKeyword(sql, target.start, target.end, "ONLY")) target = scanner.next();
  return { operation: keyword, table: tableOf(sql, scanner, target, ctes, depth, tableKeyword === "FROM") };
}

/**
 * The table `target` (the token after FROM, INTO or UPDATE) names. After FROM, a name followed by
 * a parenthesis is a function (`FROM unnest(…)`), not a table; after INTO it is the column list.
 */
function tableOf(
  sql: string,
  scanner: TopLevelScanner,
  target: Token | undefined,
  ctes: Map<string, Token> | undefined,
  depth: number,
  afterFrom: boolean,
): string {
  if (target === undefined) return UNKNOWN_TABLE;
  if (target.kind === "group") {
    // FROM (SELECT …): the table of the sub-query.
    return depth < MAX_DEPTH ? statementIn(sql, target.start, target.end, depth + 1).table : UNKNOWN_TABLE;
  }
  if (target.kind !== "word" && target.kind !== "quoted") return UNKNOWN_TABLE;
  // A qualified name ("public"."products"): the last part is the table.
  let name = target;
  let after = scanner.next();
  for (; after?.kind === "dot"; after = scanner.next()) {
    const part = scanner.next();
    if (part === undefined || (part.kind !== "word" && part.kind !== "quoted")) return UNKNOWN_TABLE;
    name = part;
  }
  if (afterFrom && after?.kind === "group") return UNKNOWN_TABLE;
  const table = nameOf(sql, name);
  const cte = ctes?.get(table);
  if (cte !== undefined) return depth < MAX_DEPTH ? statementIn(sql, cte.start, cte.end, depth + 1).table : UNKNOWN_TABLE;
  return TABLE_NAME.test(table) ? table : UNKNOWN_TABLE;
}

/** An identifier's name, lower-cased (a label, not a lookup: "Products" and products are one). */
function nameOf(sql: string, token: Token): string {
  return textOf(sql, token).toLowerCase();
}

/** A word's text, or a quoted identifier's without its quotes ("" inside being one quote). */
function textOf(sql: string, token: Token): string {
  if (token.kind !== "quoted") return sql.slice(token.start, token.end);
  const inside = sql.slice(token.start + 1, token.end - 1);
  return inside.includes('""') ? inside.replaceAll('""', '"') : inside;
}

/** Whether the word `sql[start, end)` is `keyword` (upper-case letters), whatever its case, without copying it. */
function isKeyword(sql: string, start: number, end: number, keyword: string): boolean {
  if (end - start !== keyword.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    // Clearing bit 5 upper-cases an ASCII lower-case letter (and maps no other character onto one).
    if ((sql.charCodeAt(start + i) & ~32) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * One top-level token: a word, a quoted identifier, a `.`, a parenthesised group, or other
 * punctuation. Its text is read only when needed (most tokens before FROM are never looked at).
 */
interface Token {
  readonly kind: "word" | "quoted" | "dot" | "group" | "other";
  /** Where it starts and ends in the text; for a group, where its inside does. */
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the top level of `sql[start, end)` token by token: whitespace, comments (`--`, `/* *\/`)
 * and string literals are skipped, a parenthesised part is one token.
 */
class TopLevelScanner {
  readonly sql: string;
  readonly end: number;
  #at: number;

  constructor(sql: string, start: number, end: number) {
    this.sql = sql;
    this.end = end;
    this.#at = start;
  }

  /** The next token, or undefined at the end. */
  next(): Token | undefined {
    const { sql, end } = this;
    for (;;) {
      this.#skipBlanks();
      if (this.#at >= end) return undefined;
      const at = this.#at;
      const c = sql.charCodeAt(at);
      if (isWordStart(c)) {
        let to = at + 1;
        while (to < end && isWordPart(sql.charCodeAt(to))) to++;
        this.#at = to;
        return { kind: "word", start: at, end: to };
      }
      if (c === DOUBLE_QUOTE) {
        // An unterminated quote is no identifier.
        return this.#skipQuoted(at, DOUBLE_QUOTE) ? { kind: "quoted", start: at, end: this.#at } : { kind: "other", start: at, end: this.#at };
      }
      if (c === SINGLE_QUOTE) {
        this.#skipQuoted(at, SINGLE_QUOTE);
        continue;
      }
      if (c === OPEN) {
        const close = this.#closingParen(at);
        this.#at = Math.min(close + 1, end);
        return { kind: "group", start: at + 1, end: close };
      }
      this.#at = at + 1;
      return { kind: c === DOT ? "dot" : "other", start: at, end: at + 1 };
    }
  }

  /**
   * Moves past the next top-level word `keyword` (upper-case); false when there is none. Reads
   * without making tokens: a Prisma SELECT lists dozens of quoted column names before its FROM.
   */
  skipPast(keyword: string): boolean {
    const { sql, end } = this;
    for (;;) {
      this.#skipBlanks();
      const at = this.#at;
      if (at >= end) return false;
      const c = sql.charCodeAt(at);
      if (isWordStart(c)) {
        let to = at + 1;
        while (to < end && isWordPart(sql.charCodeAt(to))) to++;
        this.#at = to;
        if (isKeyword(sql, at, to, keyword)) return true;
      } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        this.#skipQuoted(at, c);
      } else if (c === OPEN) {
        this.#at = Math.min(this.#closingParen(at) + 1, end);
      } else {
        this.#at = at + 1;
      }
    }
  }

  /** The next token when it is a parenthesised group (skipping MATERIALIZED / NOT MATERIALIZED), else undefined. */
  nextGroup(): Token | undefined {
    for (let token = this.next(); token !== undefined; token = this.next()) {
      if (token.kind === "group") return token;
      if (token.kind !== "word" || !(isKeyword(this.sql, token.start, token.end, "NOT") || isKeyword(this.sql, token.start, token.end, "MATERIALIZED"))) {
        return undefined;
      }
    }
    return undefined;
  }

  #skipBlanks(): void {
    const { sql, end } = this;
    while (this.#at < end) {
      const c = sql.charCodeAt(this.#at);
      if (c === SPACE || c === TAB || c === NEWLINE || c === RETURN || c === FORM_FEED) {
        this.#at++;
      } else if (c === DASH && sql.charCodeAt(this.#at + 1) === DASH) {
        const eol = sql.indexOf("\n", this.#at);
        this.#at = eol < 0 || eol >= end ? end : eol + 1;
      } else if (c === SLASH && sql.charCodeAt(this.#at + 1) === STAR) {
        const close = sql.indexOf("*/", this.#at + 2);
        this.#at = close < 0 || close + 2 > end ? end : close + 2;
      } else {
        return;
      }
    }
  }

  /**
   * Moves past the string literal or quoted identifier that opens with `quote` at `at` (a doubled
   * quote inside is one quote); false when it never closes (then the end is reached).
   */
  #skipQuoted(at: number, quote: number): boolean {
    const { sql, end } = this;
    const mark = quote === SINGLE_QUOTE ? "'" : '"';
    let to = at + 1;
    for (;;) {
      const close = sql.indexOf(mark, to);
      if (close < 0 || close >= end) {
        this.#at = end;
        return false;
      }
      if (close + 1 < end && sql.charCodeAt(close + 1) === quote) {
        to = close + 2;
        continue;
      }
      this.#at = close + 1;
      return true;
    }
  }

  /** Where the parenthesis opened at `open` closes (or `end` when it never does). */
  #closingParen(open: number): number {
    const { sql, end } = this;
    let depth = 0;
    for (let i = open; i < end; i++) {
      const c = sql.charCodeAt(i);
      if (c === OPEN) depth++;
      else if (c === CLOSE) {
        depth--;
        if (depth === 0) return i;
      } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
        const close = sql.indexOf(c === SINGLE_QUOTE ? "'" : '"', i + 1);
        if (close < 0 || close >= end) return end;
        i = close;
      } else if (c === DASH && sql.charCodeAt(i + 1) === DASH) {
        const eol = sql.indexOf("\n", i);
        if (eol < 0 || eol >= end) return end;
        i = eol;
      } else if (c === SLASH && sql.charCodeAt(i + 1) === STAR) {
        const close = sql.indexOf("*/", i + 2);
        if (close < 0 || close + 2 > end) return end;
        i = close + 1;
      }
    }
    return end;
  }
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const FORM_FEED = 12;
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const DOT = 46;
const OPEN = 40;
const CLOSE = 41;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
