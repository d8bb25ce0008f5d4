import { describe, expect, it } from "vitest";
import { sqlStatementOf } from "./sql-statement.js";

describe("sqlStatementOf", () => {
  it.each([
    ["a Prisma select of qualified, quoted columns", 'SELECT "public"."products"."id", "public"."products"."name" FROM "public"."products" WHERE "public"."products"."id" IN ($1,$2) OFFSET $3', "SELECT", "products"],
    ["an unquoted select", "select id from users where email = $1", "SELECT", "users"],
    ["an insert with a column list", 'INSERT INTO "public"."orders" ("id","status") VALUES ($1,$2) RETURNING "public"."orders"."id"', "INSERT", "orders"],
    ["an insert from a select over a function", "\n  INSERT INTO order_lines (order_id, position)\n  SELECT l.order_id::uuid, l.position FROM unnest($1::text[], $2::text[]) AS l(order_id, position)\n  ON CONFLICT DO NOTHING", "INSERT", "order_lines"],
    ["an update with a leading newline", "\n   UPDATE products SET stock = stock - $1 WHERE id = $2::uuid", "UPDATE", "products"],
    ["an update of ONLY a table", "UPDATE ONLY reservations SET status = 'RELEASED'", "UPDATE", "reservations"],
    ["a delete", 'DELETE FROM "public"."order_lines" WHERE "order_id" = $1', "DELETE", "order_lines"],
    ["a merge", "MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN UPDATE SET n = i.n", "MERGE", "stock"],
    ["a select without a table", "SELECT set_config('idle_in_transaction_session_timeout', $1, true)", "SELECT", "unknown"],
    ["a select over a function", "SELECT * FROM generate_series(1, $1)", "SELECT", "unknown"],
    ["transaction control", "COMMIT", "COMMIT", "unknown"],
    ["a lower-case begin", "begin", "BEGIN", "unknown"],
    ["a statement of another kind", "SET LOCAL statement_timeout = 1000", "OTHER", "unknown"],
    ["DDL", 'CREATE TABLE "x" ("id" uuid)', "OTHER", "unknown"],
    ["an empty text", "", "OTHER", "unknown"],
    ["only a comment", "-- nothing here", "OTHER", "unknown"],
  ])("when the SQL is %s, then the kind and table are read", (_what, sql, operation, table) => {
    expect(sqlStatementOf(sql)).toEqual({ operation, table });
  });

  it("when FROM, INTO or a table name hides in a comment, a string or a sub-query, then the statement's own table is read", () => {
    expect(sqlStatementOf("/* FROM decoy */ SELECT 'FROM decoy' AS a, (SELECT 1 FROM decoy2) b -- FROM decoy3\nFROM products")).toEqual({
      operation: "SELECT",
      table: "products",
    });
    expect(sqlStatementOf("SELECT extract(year FROM created_at) FROM orders")).toEqual({ operation: "SELECT", table: "orders" });
    expect(sqlStatementOf("SELECT 'it''s FROM decoy' FROM \"users\"")).toEqual({ operation: "SELECT", table: "users" });
  });

  it("when the table is a sub-query, then it is the sub-query's table", () => {
    expect(sqlStatementOf("SELECT count(*) FROM (SELECT id FROM orders WHERE user_id = $1) AS t")).toEqual({ operation: "SELECT", table: "orders" });
  });

  it("when a statement starts WITH common table expressions, then the kind is the main statement's and a CTE name leads to its table", () => {
    expect(sqlStatementOf("WITH moved AS (UPDATE products SET stock = 0 RETURNING id) SELECT id FROM moved")).toEqual({
      operation: "SELECT",
      table: "products",
    });
    expect(sqlStatementOf('WITH RECURSIVE "t"(n) AS MATERIALIZED (SELECT 1 FROM seeds), u AS (SELECT 2) DELETE FROM "public"."orders" WHERE id IN (SELECT n FROM t)')).toEqual({
      operation: "DELETE",
      table: "orders",
    });
    expect(sqlStatementOf("WITH a AS (SELECT 1)")).toEqual({ operation: "OTHER", table: "unknown" });
  });

  it("when a table name is mixed-case, then its label is lower-case", () => {
    expect(sqlStatementOf('SELECT 1 FROM "Public"."OrderLines"')).toEqual({ operation: "SELECT", table: "orderlines" });
  });

  it.each([
    ["a quoted name with spaces", 'SELECT 1 FROM "drop table; x"'],
    ["a quoted name with a quote", 'SELECT 1 FROM "a""b"'],
    ["a name over 64 characters", `SELECT 1 FROM ${"t".repeat(65)}`],
    ["a number", "SELECT 1 FROM 42"],
    ["a dangling qualifier", 'SELECT 1 FROM "public".'],
    ["an unterminated quote", 'SELECT 1 FROM "products'],
    ["a placeholder", "SELECT 1 FROM $1"],
  ])("when the table is %s, then its label is unknown (labels stay identifiers)", (_what, sql) => {
    expect(sqlStatementOf(sql).table).toBe("unknown");
  });

  it("when a text nests sub-queries without end, then reading it stops and stays bounded", () => {
    const nested = `SELECT 1 FROM ${"(SELECT 1 FROM ".repeat(200)}t${")".repeat(200)}`;
    expect(sqlStatementOf(nested)).toEqual({ operation: "SELECT", table: "unknown" });
    expect(sqlStatementOf("SELECT 1 FROM ((((")).toEqual({ operation: "SELECT", table: "unknown" });
  });
});
