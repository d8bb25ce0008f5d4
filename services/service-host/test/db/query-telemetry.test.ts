import { PrismaPg } from "@prisma/adapter-pg";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { runWithRequestContext, type Span } from "@shop/grpc-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPostgresDatabase, defaultTestServerUrl, openDatabase, postgresAvailable, type Database } from "../../src/db/index.js";
import { createTestTelemetry, metricValue, parentIdOf, type TestTelemetry } from "../support/test-telemetry.js";
import { fixtureClient, fixtureMigrationsDir, noteId, type FixtureClient } from "./fixture.js";

/** Everything a span carries to the exporter that could hold a value: name, attributes, status, events. */
function recorded(span: ReadableSpan | undefined): string {
  return JSON.stringify({ name: span?.name, attributes: span?.attributes, status: span?.status, events: span?.events, links: span?.links });
}

/** Runs `fn` as the work of a request whose server span is `span` (what the gRPC server sets up per call). */
function asRequest<T>(span: Span, traceparent: string, fn: () => Promise<T>): Promise<T> {
  return runWithRequestContext({ requestId: "req-1", traceparent, span }, fn);
}

describe("database telemetry with tracing on (embedded PGlite in memory)", () => {
  let test: TestTelemetry;
  let db: Database;
  let prisma: FixtureClient;

  beforeAll(async () => {
    test = createTestTelemetry("fixture");
    db = await openDatabase({ service: "fixture", inMemory: true, migrationsDir: fixtureMigrationsDir, telemetry: test.telemetry });
    prisma = await fixtureClient(db.adapter);
    await prisma.note.count();
  }, 120_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await test?.telemetry.shutdown();
  });

  it("when statements run outside any request, then each is timed by kind and table and none becomes a span", async () => {
    const inserts = await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "notes" });
    const selects = await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" });
    await prisma.note.create({ data: { id: noteId(100), title: "outside" } });
    await prisma.note.findMany({ where: { id: { in: [noteId(100)] } } });
    await prisma.note.findMany();
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "notes" })).toBe(inserts + 1);
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" })).toBe(selects + 2);
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_sum", { operation: "SELECT", table: "notes" })).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(test.exporter.getFinishedSpans().filter((span) => span.name.includes("notes"))).toEqual([]);
  });

  it("when a statement runs for a traced request, then it is a CLIENT span child of the request's span with kind and table and no values", async () => {
    const tracing = test.telemetry.tracing!;
    const server = tracing.startSpan("test.v1.NoteService/Write", SpanKind.SERVER, undefined);
    await asRequest(server.span, server.traceparent, async () => {
      await prisma.note.create({ data: { id: noteId(101), title: "secret-title-101" } });
      await prisma.note.findMany({ where: { id: { in: [noteId(101)] } } });
    });
    server.span.end();
    const serverId = server.span.spanContext().spanId;
    const spans = await test.spans((all) => all.filter((span) => parentIdOf(span) === serverId).length >= 2 && all.some((s) => s.spanContext().spanId === serverId));
    const db = spans.filter((span) => parentIdOf(span) === serverId);
    expect(db.map((span) => span.name)).toEqual(["INSERT notes", "SELECT notes"]);
    for (const span of db) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.spanContext().traceId).toBe(server.span.spanContext().traceId);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(Object.keys(span.attributes).sort()).toEqual(["db.collection.name", "db.operation.name", "db.system.name"]);
      expect(span.attributes["db.system.name"]).toBe("postgresql");
      expect(span.attributes["db.collection.name"]).toBe("notes");
      expect(recorded(span)).not.toContain("secret-title-101");
      expect(recorded(span)).not.toContain(noteId(101));
    }
    expect(db.map((span) => span.attributes["db.operation.name"])).toEqual(["INSERT", "SELECT"]);
  });

  it("when a statement fails, then its span is an ERROR naming the error kind and SQLSTATE only, and it is still timed", async () => {
    await prisma.note.create({ data: { id: noteId(102), title: "first" } });
    const before = await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "notes" });
    const tracing = test.telemetry.tracing!;
    const server = tracing.startSpan("test.v1.NoteService/Duplicate", SpanKind.SERVER, undefined);
    const failure = await asRequest(server.span, server.traceparent, () =>
      prisma.note.create({ data: { id: noteId(102), title: "duplicate-title-102" } }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    server.span.end();
    expect(failure).toBeInstanceOf(Error);
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "notes" })).toBe(before + 1);
    const serverId = server.span.spanContext().spanId;
    const [span] = (await test.spans((all) => all.some((s) => parentIdOf(s) === serverId))).filter((s) => parentIdOf(s) === serverId);
    expect(span?.name).toBe("INSERT notes");
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "UniqueConstraintViolation (23505)" });
    expect(span?.attributes["error.type"]).toBe("UniqueConstraintViolation");
    expect(span?.attributes["db.response.status_code"]).toBe("23505");
    expect(recorded(span)).not.toContain("duplicate-title-102");
    expect(recorded(span)).not.toContain(noteId(102));
  });

  it("when the request's trace is not sampled, then its statements make no span but are still timed", async () => {
    const tracing = test.telemetry.tracing!;
    const unsampled = tracing.startSpan("test.v1.NoteService/Unsampled", SpanKind.SERVER, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    expect(unsampled.span.isRecording()).toBe(false);
    const before = await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" });
    await asRequest(unsampled.span, unsampled.traceparent, () => prisma.note.findMany());
    unsampled.span.end();
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" })).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(test.exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === "4bf92f3577b34da6a3ce929d0e0e4736")).toEqual([]);
  });

  it("when metrics are collected, then the pool (one PGlite connection) is reported idle, in use and waiting", async () => {
    const { metrics } = test.telemetry;
    expect(await metricValue(metrics, "shop_db_pool_max_connections")).toBe(1);
    expect(await metricValue(metrics, "shop_db_pool_connections", { state: "idle" })).toBe(1);
    expect(await metricValue(metrics, "shop_db_pool_connections", { state: "in_use" })).toBe(0);
    expect(await metricValue(metrics, "shop_db_pool_waiting_requests")).toBe(0);
    // Three statements at once on a pool of one: one holds the connection, two wait for it.
    const pending = Promise.all([prisma.note.count(), prisma.note.count(), prisma.note.count()]);
    await new Promise((resolve) => setImmediate(resolve));
    const inUse = await metricValue(metrics, "shop_db_pool_connections", { state: "in_use" });
    const waiting = await metricValue(metrics, "shop_db_pool_waiting_requests");
    await pending;
    expect(inUse).toBe(1);
    expect(waiting).toBeGreaterThanOrEqual(1);
  });
});

describe("database telemetry with tracing off", () => {
  let test: TestTelemetry;
  let db: Database;

  beforeAll(async () => {
    test = createTestTelemetry("fixture", { tracing: false });
    db = await openDatabase({ service: "fixture", inMemory: true, migrationsDir: fixtureMigrationsDir, telemetry: test.telemetry });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await test?.telemetry.shutdown();
  });

  it("when statements run, then they are timed and no span exists", async () => {
    expect(test.telemetry.tracing).toBeUndefined();
    const prisma = await fixtureClient(db.adapter);
    try {
      await prisma.note.create({ data: { id: noteId(200), title: "untraced" } });
      await prisma.note.count();
    } finally {
      await prisma.$disconnect();
    }
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "INSERT", table: "notes" })).toBe(1);
    expect(await metricValue(test.telemetry.metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" })).toBe(1);
    expect(test.exporter.getFinishedSpans()).toEqual([]);
  }, 60_000);
});

describe("database without telemetry", () => {
  it("when no telemetry is given, then the adapter is Prisma's own, unwrapped", async () => {
    const db = await openDatabase({ service: "fixture", inMemory: true, migrationsDir: fixtureMigrationsDir, migrate: false });
    try {
      expect(db.adapter).toBeInstanceOf(PrismaPg);
    } finally {
      await db.close();
    }
  }, 120_000);
});

if (await postgresAvailable()) {
  describe("database telemetry on PostgreSQL 127.0.0.1:5432 (pool of 3)", () => {
    it("when statements run, then they are timed and the pool reports its size, its idle and busy connections", async () => {
      const scratch = await createTestPostgresDatabase({ prefix: "telemetry" });
      const test = createTestTelemetry("fixture", { tracing: false });
      const db = await openDatabase({ service: "fixture", url: scratch.url, poolSize: 3, migrationsDir: fixtureMigrationsDir, telemetry: test.telemetry });
      const prisma = await fixtureClient(db.adapter);
      try {
        await Promise.all([prisma.note.count(), prisma.note.count(), prisma.note.count()]);
        const { metrics } = test.telemetry;
        expect(await metricValue(metrics, "shop_db_query_duration_seconds_count", { operation: "SELECT", table: "notes" })).toBe(3);
        expect(await metricValue(metrics, "shop_db_pool_max_connections")).toBe(3);
        const idle = await metricValue(metrics, "shop_db_pool_connections", { state: "idle" });
        expect(idle).toBeGreaterThanOrEqual(1);
        expect(idle).toBeLessThanOrEqual(3);
        expect(await metricValue(metrics, "shop_db_pool_connections", { state: "in_use" })).toBe(0);
        expect(await metricValue(metrics, "shop_db_pool_waiting_requests")).toBe(0);
      } finally {
        await prisma.$disconnect();
        await db.close();
        await test.telemetry.shutdown();
        await scratch.drop();
      }
    }, 120_000);
  });
} else {
  describe.skip(`database telemetry on PostgreSQL: SKIPPED, no server answers at ${defaultTestServerUrl}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
}
