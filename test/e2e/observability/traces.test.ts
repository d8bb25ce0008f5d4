import { randomBytes } from "node:crypto";
import { DEMO_LOGIN } from "@shop/service-host/demo";
import { newId } from "@shop/grpc-runtime/ids";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2eSystem, type E2eSystem, type LogRecord } from "../support/e2e-system.js";
import { recordIdOf } from "../support/graphql-client.js";
import { describeSpans, startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.js";
import type { ReceivedSpan } from "../support/otlp-trace-decoder.js";
import { freshKey, webLogin } from "../support/web-order-flow.js";
import { ancestorWhere, childrenOf, isDatabaseSpan, isRpcSpan, parentOf, statusProblems, traceStructureProblems } from "./trace-checks.js";
import { sendHomePage, sendPlaceOrder, type HomePageData } from "./web-operations.js";

/**
 * The five processes as `npm start -- --otlp URL` runs them, exporting to an OTLP/HTTP receiver
 * this file runs (spans batched every 100 ms), with every log line kept (level info). One web
 * homePage and one placeOrder (plus refused ones) are sent one at a time; each one's spans are
 * read back from the receiver and its log lines from the processes' output.
 */

const SERVICES = ["users", "catalog", "orders"] as const;
const USERS = "shop.users.v1.UserService";
const CATALOG = "shop.catalog.v1.CatalogService";
const ORDERS = "shop.orders.v1.OrderService";

let receiver: OtlpReceiver | undefined;
let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
let token = "";
const started = Date.now();

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  e2e = await startE2eSystem({ tracing: { endpoint: receiver.url, exportDelayMs: 100 }, logLevel: "info" });
  console.log(`observability e2e (traces): system up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  token = await webLogin(e2e.system.webUrl);
}, 420_000);

afterAll(async () => {
  await e2e?.close();
  await receiver?.close();
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  if (e2e) console.error(`Last log lines of the system:\n${e2e.logTail(60)}\ncrashes: ${e2e.crashes.join("; ") || "none"}`);
  if (receiver) console.error(`Spans received (${receiver.spans().length}), the last 80:\n${describeSpans(receiver.spans().slice(-80))}`);
});

function system() {
  if (!e2e || !receiver) throw new Error("the system did not start");
  return { e2e, receiver, webUrl: e2e.system.webUrl };
}

/** Health checks are not operations; nothing here is about them. */
const isHealthCheck = (span: ReceivedSpan): boolean => span.name.startsWith("grpc.health.v1.");

/** Waits until no span arrived for `quietMs` (the exporters batch every 100 ms); resolves with the count so far. */
async function quiet(quietMs = 600, timeoutMs = 15_000): Promise<number> {
  const { receiver } = system();
  const deadline = Date.now() + timeoutMs;
  let count = receiver.spans().length;
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = receiver.spans().length;
    if (now !== count) {
      count = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return count;
    }
  }
  throw new Error(`spans kept arriving for ${timeoutMs} ms`);
}

/**
 * Runs one operation and returns the one trace it made: waits for bff-web's root span whose name
 * mentions `operation`, then until the trace holds a span of each of `services` and every span's
 * parent, then until the exporters are quiet. Fails when the operation's spans are in more than
 * one trace (every span that arrived meanwhile must be in it).
 */
async function traceOf(operation: string, services: readonly string[], send: () => Promise<unknown>): Promise<ReceivedSpan[]> {
  const { receiver } = system();
  const mark = await quiet();
  await send();
  const isRoot = (s: ReceivedSpan): boolean => s.service === "bff-web" && s.kind === "server" && s.parentSpanId === undefined && s.name.includes(operation);
  const traceId = await receiver.waitFor((spans) => spans.slice(mark).find(isRoot)?.traceId);
  await receiver.waitFor(() => {
    const trace = receiver.trace(traceId);
    const whole = services.every((service) => trace.some((s) => s.service === service));
    const linked = trace.every((s) => s.parentSpanId === undefined || parentOf(s, trace) !== undefined);
    return whole && linked ? true : undefined;
  });
  await quiet();
  const arrived = receiver.spans().slice(mark).filter((s) => !isHealthCheck(s));
  expect(arrived.filter(isRoot), `one ${operation} root span`).toHaveLength(1);
  expect(
    arrived.filter((s) => s.traceId !== traceId),
    `every span that arrived during ${operation} is in its trace ${traceId}:\n${describeSpans(arrived)}`,
  ).toEqual([]);
  return [...receiver.trace(traceId)];
}

/** The spans of `trace` named `name` of `kind` in `service`. */
function spansNamed(trace: readonly ReceivedSpan[], service: string, kind: ReceivedSpan["kind"], name: string): ReceivedSpan[] {
  return trace.filter((s) => s.service === service && s.kind === kind && s.name === name);
}

/** The only span of `trace` named `name` of `kind` in `service`. */
function onlySpan(trace: readonly ReceivedSpan[], service: string, kind: ReceivedSpan["kind"], name: string): ReceivedSpan {
  const found = spansNamed(trace, service, kind, name);
  expect(found, `one ${service} ${kind} span "${name}" in\n${describeSpans(trace)}`).toHaveLength(1);
  return found[0]!;
}

/** No attribute of any span holds the token, the password or the email (values never go into spans). */
function expectNoSecrets(trace: readonly ReceivedSpan[]): void {
  const text = JSON.stringify(trace.map((s) => [s.name, s.attributes, s.events, s.status]));
  for (const secret of [token, DEMO_LOGIN.password, DEMO_LOGIN.email]) expect(text).not.toContain(secret);
}

/** Every database span sits under a server span of its own process, and is named by statement kind and table only. */
function expectDatabaseSpansUnderServerSpans(trace: readonly ReceivedSpan[], services: readonly string[]): void {
  const database = trace.filter(isDatabaseSpan);
  for (const service of services) expect(database.some((s) => s.service === service), `a database span in ${service}`).toBe(true);
  for (const span of database) {
    const server = ancestorWhere(span, trace, (s) => s.kind === "server");
    expect(server?.service, `database span "${span.name}" of ${span.service} under a server span of ${span.service}`).toBe(span.service);
    expect(span.name, "statement kind and table, never values").toMatch(/^[A-Z]+(?: [A-Za-z_][\w."]*)?$/);
  }
}

describe.sequential("traces across the five processes (OTLP/HTTP)", () => {
  let home: HomePageData | undefined;
  let homeTrace: ReceivedSpan[] = [];
  let placeTrace: ReceivedSpan[] = [];

  it("when the demo user opens the web home page, then one trace holds bff-web, users, catalog and orders, each hop a client span with the callee's server span as its child", async () => {
    const { webUrl } = system();
    homeTrace = await traceOf("homePage", ["bff-web", ...SERVICES], async () => {
      home = await sendHomePage(webUrl, token);
    });

    expect(traceStructureProblems(homeTrace)).toEqual([]);
    expect(statusProblems(homeTrace)).toEqual([]);
    const root = homeTrace.find((s) => s.parentSpanId === undefined)!;
    expect(root).toMatchObject({ service: "bff-web", kind: "server" });
    expect(root.name).toMatch(/^query homePage$/);
    for (const [service, method] of [
      ["users", `${USERS}/BatchGetUsers`],
      ["catalog", `${CATALOG}/ListRecommendations`],
      ["orders", `${ORDERS}/ListOrders`],
    ] as const) {
      const server = onlySpan(homeTrace, service, "server", method);
      const client = parentOf(server, homeTrace)!;
      expect(client).toMatchObject({ service: "bff-web", kind: "client", name: method });
      expect(server.attributes["rpc.grpc.status_code"]).toBe(0);
      expect(client.attributes["rpc.grpc.status_code"]).toBe(0);
    }
    // Line products the recommendations did not hold come from one BatchGetProducts, through the products DataLoader.
    const lineProducts = new Set(home!.recentOrders.flatMap((o) => o.lines.map((l) => l.product?.id)).filter((id) => id !== undefined));
    const recommended = new Set(home!.recommendations.map((p) => p.id));
    const fetched = [...lineProducts].filter((id) => !recommended.has(id));
    expect(fetched.length, "the demo user's recent orders hold products it is not recommended").toBeGreaterThan(0);
    const batchGet = onlySpan(homeTrace, "catalog", "server", `${CATALOG}/BatchGetProducts`);
    const batches = homeTrace.filter((s) => s.service === "bff-web" && s.name.startsWith("dataloader.batch"));
    expect(batches.length, "a span per DataLoader batch").toBeGreaterThanOrEqual(1);
    for (const batch of batches) {
      expect(batch.kind).not.toBe("server");
      expect(batch.attributes["graphql.dataloader.batch_size"], batch.name).toEqual(expect.any(Number));
      expect(batch.attributes["graphql.dataloader.batch_size"] as number).toBeGreaterThanOrEqual(1);
    }
    const productBatch = batches.find((b) => b.name === "dataloader.batch products");
    expect(productBatch?.attributes["graphql.dataloader.batch_size"]).toBe(fetched.length);
    // The batch's RPC is made under the batch's span.
    expect(parentOf(batchGet, homeTrace)?.parentSpanId).toBe(productBatch?.spanId);
    expectDatabaseSpansUnderServerSpans(homeTrace, SERVICES);
    expectNoSecrets(homeTrace);
  }, 60_000);

  it("when the demo user places an order, then its trace is another one, and orders' ReserveStock call to catalog is a client span in orders with catalog's server span as its child", async () => {
    const { webUrl } = system();
    const product = home?.recommendations.find((p) => p.inStock) ?? (await sendHomePage(webUrl, token)).recommendations.find((p) => p.inStock);
    expect(product, "an in-stock recommendation").toBeDefined();
    let placed: Awaited<ReturnType<typeof sendPlaceOrder>> | undefined;
    placeTrace = await traceOf("placeOrder", ["bff-web", "orders", "catalog"], async () => {
      placed = await sendPlaceOrder(webUrl, token, freshKey("traced"), [{ productId: product!.id, quantity: 1 }]);
    });
    expect(placed).toMatchObject({ __typename: "Order", status: "PLACED" });

    expect(placeTrace[0]!.traceId).not.toBe(homeTrace[0]?.traceId);
    expect(traceStructureProblems(placeTrace)).toEqual([]);
    expect(statusProblems(placeTrace)).toEqual([]);
    expect(placeTrace.find((s) => s.parentSpanId === undefined)!.name).toMatch(/^mutation placeOrder$/);
    const ordersServer = onlySpan(placeTrace, "orders", "server", `${ORDERS}/PlaceOrder`);
    expect(parentOf(ordersServer, placeTrace)).toMatchObject({ service: "bff-web", kind: "client", name: `${ORDERS}/PlaceOrder` });
    const reserveClient = onlySpan(placeTrace, "orders", "client", `${CATALOG}/ReserveStock`);
    const reserveServer = onlySpan(placeTrace, "catalog", "server", `${CATALOG}/ReserveStock`);
    expect(reserveServer.parentSpanId).toBe(reserveClient.spanId);
    expect(ancestorWhere(reserveClient, placeTrace, (s) => s.kind === "server")).toBe(ordersServer);
    const pricesClient = onlySpan(placeTrace, "orders", "client", `${CATALOG}/BatchGetProducts`);
    expect(childrenOf(pricesClient, placeTrace).map((s) => [s.service, s.kind, s.name])).toContainEqual(["catalog", "server", `${CATALOG}/BatchGetProducts`]);
    expect(ancestorWhere(pricesClient, placeTrace, (s) => s.kind === "server")).toBe(ordersServer);
    for (const span of placeTrace.filter(isRpcSpan)) expect(span.attributes["rpc.grpc.status_code"], `${span.service} ${span.name}`).toBe(0);
    expectDatabaseSpansUnderServerSpans(placeTrace, ["orders", "catalog"]);
    expect(placeTrace.some((s) => isDatabaseSpan(s) && s.service === "orders" && s.name.startsWith("INSERT")), "orders inserts the order").toBe(true);
    expect(new Set(placeTrace.map((s) => s.service))).not.toContain("bff-mobile");
    expectNoSecrets(placeTrace);
  }, 60_000);

  it("when orders refuses an order (INVALID_ARGUMENT, NOT_FOUND), then the BFF's client span is an error with that code and orders' server span is not (the caller's input, not a server fault)", async () => {
    const { webUrl } = system();
    const product = home?.recommendations[0];
    expect(product).toBeDefined();
    const refusals = [
      { code: 3, lines: [{ productId: product!.id, quantity: 0 }], field: "input.lines[0].quantity" },
      { code: 5, lines: [{ productId: Buffer.from(`Product:${newId()}`).toString("base64"), quantity: 1 }], field: "input.lines[0].productId" },
    ];
    for (const refusal of refusals) {
      let answer: Awaited<ReturnType<typeof sendPlaceOrder>> | undefined;
      const trace = await traceOf("placeOrder", ["bff-web", "orders"], async () => {
        answer = await sendPlaceOrder(webUrl, token, freshKey("refused"), refusal.lines);
      });
      expect(answer).toMatchObject({ __typename: "InvalidInputError", fieldPaths: [refusal.field] });
      expect(traceStructureProblems(trace)).toEqual([]);
      expect(statusProblems(trace)).toEqual([]);
      const client = onlySpan(trace, "bff-web", "client", `${ORDERS}/PlaceOrder`);
      const server = onlySpan(trace, "orders", "server", `${ORDERS}/PlaceOrder`);
      expect(client.attributes["rpc.grpc.status_code"]).toBe(refusal.code);
      expect(client.status.code).toBe("error");
      expect(server.parentSpanId).toBe(client.spanId);
      expect(server.attributes["rpc.grpc.status_code"]).toBe(refusal.code);
      expect(server.status.code).toBe("unset");
    }
  }, 60_000);

  it("when a request arrives with a W3C traceparent, then the BFF continues that trace: its operation span is the caller's span's child", async () => {
    const { webUrl, receiver } = system();
    const traceId = randomBytes(16).toString("hex");
    const callerSpanId = randomBytes(8).toString("hex");
    const mark = await quiet();
    await sendHomePage(webUrl, token, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    const operation = await receiver.waitFor((spans) =>
      spans.slice(mark).find((s) => s.service === "bff-web" && s.kind === "server" && s.name.includes("homePage")),
    );
    expect(operation).toMatchObject({ traceId, parentSpanId: callerSpanId });
    const trace = await receiver.waitFor(() => {
      const spans = receiver.trace(traceId);
      return SERVICES.every((service) => spans.some((s) => s.service === service)) ? spans : undefined;
    });
    expect(trace.filter((s) => s.kind === "server" && s.service !== "bff-web").every((s) => s.traceId === traceId)).toBe(true);
  }, 60_000);

  it("when the home page was served, then bff-web's access line and every service's lines for it carry its trace id, their span ids and one request id, and no secret", async () => {
    const { e2e } = system();
    expect(homeTrace.length, "the home page trace of the first test").toBeGreaterThan(0);
    const traceId = homeTrace[0]!.traceId;
    const lines = await waitForLines(e2e, (records) => {
      const mine = records.filter((r) => r.fields.traceId === traceId);
      const access = mine.find((r) => r.instance === "bff-web" && r.fields.msg === "graphql operation");
      return access !== undefined && SERVICES.every((service) => mine.some((r) => r.instance === service)) ? mine : undefined;
    });

    const access = lines.find((r) => r.instance === "bff-web" && r.fields.msg === "graphql operation")!.fields;
    const rpcs = homeTrace.filter((s) => s.service === "bff-web" && s.kind === "client" && isRpcSpan(s)).length;
    expect(access).toMatchObject({ operation: "homePage", type: "query", outcome: "ok", status: 200, rpcs, userId: recordIdOf(home!.viewer.id, "User") });
    expect(access.durationMs).toEqual(expect.any(Number));
    expect(access.responseBytes as number).toBeGreaterThan(0);
    expect(homeTrace.some((s) => s.service === "bff-web" && s.spanId === access.spanId), "the access line's span is one of bff-web's").toBe(true);
    const requestId = access.requestId;
    expect(requestId).toEqual(expect.any(String));
    for (const service of SERVICES) {
      const calls = lines.filter((r) => r.instance === service && r.fields.msg === "rpc");
      expect(calls.length, `${service} logged its calls of this operation`).toBeGreaterThanOrEqual(1);
      for (const call of calls) {
        expect(call.fields.requestId, `${service} ${String(call.fields.method)}`).toBe(requestId);
        const span = homeTrace.find((s) => s.spanId === call.fields.spanId);
        expect(span, `${service}'s line names one of its spans`).toMatchObject({ service, kind: "server", name: String(call.fields.method).replace(/^\//, "") });
      }
    }
    const text = JSON.stringify(lines);
    for (const secret of [token, DEMO_LOGIN.password]) expect(text).not.toContain(secret);
  }, 60_000);
});

/** Polls the processes' captured log lines until `pick` finds what it needs (log lines are written asynchronously). */
async function waitForLines(e2e: E2eSystem, pick: (records: readonly LogRecord[]) => LogRecord[] | undefined, timeoutMs = 10_000): Promise<LogRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pick(e2e.logRecords());
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`the log lines looked for were not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
