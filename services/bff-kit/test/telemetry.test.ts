import { createHash } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { createTelemetry, logIdsOf, METRIC_NAMES, SpanKind, type Telemetry } from "@shop/grpc-runtime";
import { createFakeServices, type FakeServices } from "@shop/bff-testing";
import { createSchema } from "graphql-yoga";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBffConfig } from "../src/bff-config.js";
import type { BffContext } from "../src/context.js";
import { DEFAULT_LIMITS } from "../src/limits.js";
import { OperationNames } from "../src/operation-names.js";
import { createBffServer, type BffServer } from "../src/server.js";
import { capturingLogger, type LogLine } from "./support/log-lines.js";
import { metricValue } from "./support/metric-values.js";
import { spanCollector, type FinishedSpan } from "@shop/grpc-runtime/testing";

// Built by graphql-yoga (the executor's copy of graphql; see src/graphql-error.ts).
const schema = createSchema<BffContext>({
  typeDefs: /* GraphQL */ `
    type Product { id: ID! name: String }
    type Query {
      products(ids: [ID!]!): [Product]
      firstProducts(n: Int!): [Product]
      me: ID
      boom: String
      echo(text: String!): String
    }
  `,
  resolvers: {
    Query: {
      products: (_r: unknown, args: { ids: string[] }, ctx: BffContext) => Promise.all(args.ids.map((id) => ctx.loaders.products.load(id))),
      firstProducts: async (_r: unknown, args: { n: number }, ctx: BffContext) =>
        (await ctx.clients.catalog.listProducts({ pageSize: args.n }, ctx.callOptions())).products,
      me: (_r: unknown, _a: unknown, ctx: BffContext) => ctx.viewer?.userId ?? null,
      boom: () => {
        throw new Error("secret internal detail at db.ts:42");
      },
      echo: (_r: unknown, args: { text: string }) => args.text.length,
    },
  },
});

const config = {
  port: 0, host: "127.0.0.1", jwtSecret: "k".repeat(40), jwtTtlSeconds: 900, requestBudgetMs: 2000,
  shutdownGraceMs: 1000, limits: DEFAULT_LIMITS, production: false,
};
const SETTINGS = loadBffConfig({ prefix: "TEST", defaultPort: 0, name: "bff-test", metricsPort: 0 }, {}).telemetry;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const VALID_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

let fakes: FakeServices;
let productIds: string[];
let server: BffServer | undefined;
let telemetry: Telemetry | undefined;

beforeEach(async () => {
  fakes = createFakeServices();
  productIds = (await fakes.clients.catalog.listProducts({ pageSize: 3 })).products.map((p) => p.id);
  fakes.calls.reset();
});
afterEach(async () => {
  await server?.close();
  await telemetry?.shutdown();
  server = undefined;
  telemetry = undefined;
});

/** A BFF over the fakes with the given telemetry (tracing with a span collector, unless `tracing` is false). */
function start(options: { tracing?: boolean; operationNames?: OperationNames } = {}) {
  const collected = spanCollector();
  telemetry = createTelemetry({ settings: SETTINGS, ...(options.tracing === false ? {} : { exporter: collected.exporter }) });
  const { logger, lines, raw } = capturingLogger();
  server = createBffServer({
    schema, clients: fakes.clients, config, logger, name: "bff-test", telemetry,
    ...(options.operationNames ? { operationNames: options.operationNames } : {}),
  });
  const bff = server;
  const post = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await bff.yoga.fetch("http://bff.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
      body: typeof body["raw"] === "string" ? body["raw"] : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
  };
  const spans = async (): Promise<FinishedSpan[]> => {
    await telemetry!.shutdown();
    return collected.spans;
  };
  return { telemetry, lines, raw, post, spans, bff };
}

const accessLines = (lines: readonly LogLine[]) => lines.filter((line) => line.msg === "graphql operation");
const traceIdOf = (span: FinishedSpan) => span.spanContext().traceId;
const spanIdOf = (span: FinishedSpan) => span.spanContext().spanId;

describe("BFF telemetry: traces", () => {
  it("when an operation runs with tracing, then its SERVER span roots a new trace, named and described after the operation", async () => {
    const { post, spans } = start();
    const query = `query Shelf { products(ids: ${JSON.stringify(productIds)}) { name } }`;
    const response = await post({ query });
    expect(response.status).toBe(200);
    const operation = (await spans()).find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.name).toBe("query Shelf");
    expect(operation.parentSpanContext).toBeUndefined();
    expect(operation.attributes).toMatchObject({
      "graphql.operation.name": "Shelf",
      "graphql.operation.type": "query",
      "graphql.document.hash": sha256(query),
      "shop.request_id": response.headers.get("x-request-id"),
      "shop.outcome": "ok",
      "http.response.status_code": 200,
    });
    expect(operation.status.code).toBe(0);
  });

  it("when loaders batch, then each batch is a span under the operation's with its size, and its RPC carries that span's traceparent", async () => {
    const { post, spans } = start();
    const ids = [...productIds, productIds[0]!];
    await post({ query: `{ a: products(ids: ${JSON.stringify(ids)}) { name } }` });
    const finished = await spans();
    const operation = finished.find((span) => span.kind === SpanKind.SERVER)!;
    const batches = finished.filter((span) => span.name === "dataloader.batch products");
    expect(batches).toHaveLength(1);
    const [batch] = batches as [FinishedSpan];
    expect(traceIdOf(batch)).toBe(traceIdOf(operation));
    expect(batch.parentSpanContext?.spanId).toBe(spanIdOf(operation));
    expect(batch.attributes).toMatchObject({ "graphql.dataloader.name": "products", "graphql.dataloader.batch_size": 3 });
    const [call] = fakes.calls.all.filter((c) => c.method === "BatchGetProducts");
    expect(call?.headers.get("traceparent")).toBe(`00-${traceIdOf(batch)}-${spanIdOf(batch)}-01`);
  });

  it("when an RPC is made outside a loader, then it carries the operation span's traceparent", async () => {
    const { post, spans } = start();
    await post({ query: "{ firstProducts(n: 2) { id } }" });
    const operation = (await spans()).find((span) => span.kind === SpanKind.SERVER)!;
    expect(fakes.calls.all.map((c) => c.headers.get("traceparent"))).toEqual([`00-${traceIdOf(operation)}-${spanIdOf(operation)}-01`]);
  });

  it("when the caller sends a valid traceparent, then the operation span is its child; an invalid one starts a new trace", async () => {
    const { post, spans } = start();
    await post({ query: "query Child { me }" }, { traceparent: VALID_PARENT });
    await post({ query: "query Orphan { me }" }, { traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01" });
    const finished = await spans();
    const child = finished.find((span) => span.name === "query Child")!;
    expect(traceIdOf(child)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(child.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    const orphan = finished.find((span) => span.name === "query Orphan")!;
    expect(orphan.parentSpanContext).toBeUndefined();
    expect(traceIdOf(orphan)).not.toBe("00000000000000000000000000000000");
  });

  it("when the caller's trace is not sampled, then the operation records nothing, makes no batch span, and the services get the unsampled context", async () => {
    const { post, spans } = start();
    await post({ query: `{ products(ids: ${JSON.stringify(productIds)}) { name } }` }, { traceparent: VALID_PARENT.replace(/-01$/, "-00") });
    expect(await spans()).toEqual([]);
    const sent = fakes.calls.all[0]!.headers.get("traceparent")!;
    expect(sent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
  });

  it("when an operation fails as a whole, then its span has status ERROR and the outcome error", async () => {
    const { post, spans } = start();
    const response = await post({ query: "query Bad { nope }" });
    expect(response.status).toBe(400);
    const operation = (await spans()).find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.name).toBe("query Bad");
    expect(operation.status.code).toBe(2);
    expect(operation.attributes).toMatchObject({ "shop.outcome": "error", "http.response.status_code": 400 });
  });
});

describe("BFF telemetry: logs", () => {
  it("when an operation ends, then one access line carries its name, type, outcome, duration, RPCs, bytes, status and user, with request and trace ids", async () => {
    const { post, lines, bff } = start();
    const token = (await bff.tokens.sign({ userId: "0190a000-0000-7000-8000-000000000001", sessionId: "0190a000-0000-7000-8000-0000000000a1" })).token;
    const response = await post(
      { query: `query Shelf { me products(ids: ${JSON.stringify(productIds.slice(0, 2))}) { name } firstProducts(n: 1) { id } }` },
      { authorization: `Bearer ${token}`, traceparent: VALID_PARENT },
    );
    const [line, ...more] = accessLines(lines);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      operation: "Shelf",
      type: "query",
      outcome: "ok",
      rpcs: 2,
      responseBytes: Buffer.byteLength(response.text),
      status: 200,
      userId: "0190a000-0000-7000-8000-000000000001",
      requestId: response.headers.get("x-request-id"),
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(line!["durationMs"]).toBeGreaterThan(0);
    expect(line!["spanId"]).toMatch(/^[0-9a-f]{16}$/);
    expect(line!["spanId"]).not.toBe("00f067aa0ba902b7");
  });

  it("when a request carries a token and a password variable, then neither appears in any log line, nor do variables or the document", async () => {
    const { post, raw, bff } = start();
    const token = (await bff.tokens.sign({ userId: "0190a000-0000-7000-8000-000000000002", sessionId: "0190a000-0000-7000-8000-0000000000a2" })).token;
    await post({ query: "mutation Secret($password: String!) { echo(text: $password) }", variables: { password: "hunter2-correct-horse" } }, { authorization: `Bearer ${token}` });
    await post({ query: "query Broken($password: String!) { echo(text: $password) boom }", variables: { password: "hunter2-correct-horse" } }, { authorization: `Bearer ${token}` });
    const text = raw.join("");
    expect(accessLines(raw.map((line) => JSON.parse(line) as LogLine))).toHaveLength(2);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split(".")[2]!);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("echo(text");
  });

  it("when a resolver fails unexpectedly, then the client's masked error carries the request id, and the masker's line carries it with the trace id", async () => {
    const { post, lines } = start();
    const response = await post({ query: "query Crash { boom }" }, { "x-request-id": "req-crash-1" });
    expect(response.body.errors[0]).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-crash-1" } });
    const masker = lines.find((line) => line.msg === "unexpected error in a resolver")!;
    const access = accessLines(lines)[0]!;
    expect(masker).toMatchObject({ level: 50, requestId: "req-crash-1" });
    expect(masker["traceId"]).toBe(access["traceId"]);
    // The field is null and the rest of the data stands: partial, not error.
    expect(access).toMatchObject({ requestId: "req-crash-1", outcome: "partial", operation: "Crash" });
  });

  it("when tracing is off, then the lines still carry a trace id: the caller's when valid, else a new one, and the services get it", async () => {
    const { post, lines } = start({ tracing: false });
    await post({ query: "{ firstProducts(n: 1) { id } }" }, { traceparent: VALID_PARENT });
    await post({ query: "{ firstProducts(n: 1) { id } }" }, { traceparent: "garbage" });
    const [kept, fresh] = accessLines(lines) as [LogLine, LogLine];
    expect(kept).toMatchObject({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" });
    expect(fakes.calls.all[0]!.headers.get("traceparent")).toBe(VALID_PARENT);
    expect(fresh["traceId"]).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh["traceId"]).not.toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    const sent = fakes.calls.all[1]!.headers.get("traceparent")!;
    expect(logIdsOf(sent)).toEqual({ traceId: fresh["traceId"], spanId: fresh["spanId"] });
    expect(sent.endsWith("-00")).toBe(true);
  });

  it("when the GraphiQL page, a health endpoint or an unknown path is asked, then no access line is written and no operation counted", async () => {
    const { telemetry: t, lines, bff } = start();
    expect((await bff.yoga.fetch("http://bff.test/graphql", { headers: { accept: "text/html" } })).status).toBe(200);
    expect((await bff.yoga.fetch("http://bff.test/elsewhere", { headers: { accept: "application/json" } })).status).toBe(404);
    const port = await bff.listen();
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    expect(accessLines(lines)).toEqual([]);
    expect(await t.metrics.text()).not.toMatch(new RegExp(`^${METRIC_NAMES.graphqlOperations}\\{`, "m"));
  });
});

describe("BFF telemetry: metrics", () => {
  it("when operations run, then they are counted by label and outcome, with their RPCs and durations", async () => {
    const { telemetry: t, post } = start();
    const shelf = `query Shelf { products(ids: ${JSON.stringify(productIds)}) { name } firstProducts(n: 1) { id } }`;
    for (let i = 0; i < 3; i++) await post({ query: shelf });
    fakes.fail("catalog.BatchGetProducts", Code.Unavailable);
    await post({ query: shelf });
    fakes.heal();
    await post({ query: "{ me }" });
    await post({ query: "query Bad { nope }" });
    await post({ raw: "{ \"query\": \"{ unclosed\" }" });
    const ops = (labels: Record<string, string>) => metricValue(t.metrics, METRIC_NAMES.graphqlOperations, labels);
    expect(await ops({ operation: "Shelf", type: "query", outcome: "ok" })).toBe(3);
    expect(await ops({ operation: "Shelf", type: "query", outcome: "partial" })).toBe(1);
    expect(await ops({ operation: "anonymous", type: "query", outcome: "ok" })).toBe(1);
    expect(await ops({ operation: "Bad", type: "query", outcome: "error" })).toBe(1);
    expect(await ops({ operation: "unknown", type: "unknown", outcome: "error" })).toBe(1);
    expect(await metricValue(t.metrics, `${METRIC_NAMES.graphqlOperationDuration}_count`, { operation: "Shelf", type: "query" })).toBe(4);
    expect(await metricValue(t.metrics, `${METRIC_NAMES.graphqlOperationRpcs}_sum`, { operation: "Shelf" })).toBe(8);
    expect(await metricValue(t.metrics, `${METRIC_NAMES.graphqlOperationRpcs}_sum`, { operation: "anonymous" })).toBe(0);
  });

  it("when loaders batch and answer from their cache, then batch sizes, loads and cache hits are counted (primed keys are hits)", async () => {
    const { telemetry: t, post } = start();
    // Three distinct ids and one repeat in one tick: one batch of 3, four loads, one hit.
    await post({ query: `{ products(ids: ${JSON.stringify([...productIds, productIds[1]!])}) { name } }` });
    expect(await metricValue(t.metrics, `${METRIC_NAMES.dataloaderBatchSize}_count`, { loader: "products" })).toBe(1);
    expect(await metricValue(t.metrics, `${METRIC_NAMES.dataloaderBatchSize}_sum`, { loader: "products" })).toBe(3);
    expect(await metricValue(t.metrics, METRIC_NAMES.dataloaderLoads, { loader: "products" })).toBe(4);
    expect(await metricValue(t.metrics, METRIC_NAMES.dataloaderCacheHits, { loader: "products" })).toBe(1);
    expect(await metricValue(t.metrics, METRIC_NAMES.dataloaderLoads, { loader: "users" })).toBe(0);
  });

  it("when more names arrive than the bounded set admits, then the extra ones are counted as other", async () => {
    const { telemetry: t, post } = start({ operationNames: OperationNames.open(2) });
    for (const name of ["First", "Second", "Third", "Fourth", "First"]) await post({ query: `query ${name} { me }` });
    const ops = (operation: string) => metricValue(t.metrics, METRIC_NAMES.graphqlOperations, { operation, outcome: "ok" });
    expect([await ops("First"), await ops("Second"), await ops("other")]).toEqual([2, 1, 2]);
    expect(await ops("Third")).toBe(0);
  });
});
