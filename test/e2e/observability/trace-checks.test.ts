import { describe, expect, it } from "vitest";
import type { ReceivedSpan } from "../support/otlp-trace-decoder.js";
import { ancestorWhere, isDatabaseSpan, statusProblems, traceStructureProblems } from "./trace-checks.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
let next = 0;

function span(fields: Partial<ReceivedSpan> & Pick<ReceivedSpan, "service" | "kind" | "name">, parent?: ReceivedSpan): ReceivedSpan {
  next += 1;
  return {
    traceId: TRACE,
    spanId: next.toString(16).padStart(16, "0"),
    parentSpanId: parent?.spanId,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 1n,
    attributes: {},
    events: [],
    status: { code: "unset", message: "" },
    resource: { "service.name": fields.service },
    scope: "test",
    ...fields,
  };
}

const rpc = (code: number) => ({ "rpc.system": "grpc", "rpc.grpc.status_code": code });
const METHOD = "shop.catalog.v1.CatalogService/BatchGetProducts";

/** bff-web root → client BatchGetProducts → catalog server → SELECT. */
function healthyTrace() {
  const root = span({ service: "bff-web", kind: "server", name: "query homePage" });
  const client = span({ service: "bff-web", kind: "client", name: METHOD, attributes: rpc(0) }, root);
  const server = span({ service: "catalog", kind: "server", name: METHOD, attributes: rpc(0) }, client);
  const select = span({ service: "catalog", kind: "client", name: "SELECT products" }, server);
  return { root, client, server, select, all: [root, client, server, select] };
}

describe("checking the structure of a trace", () => {
  it("when every hop links client to server across processes, then there is no problem", () => {
    const { all, select, server } = healthyTrace();
    expect(traceStructureProblems(all)).toEqual([]);
    expect(statusProblems(all)).toEqual([]);
    expect(all.filter(isDatabaseSpan)).toEqual([select]);
    expect(ancestorWhere(select, all, (s) => s.kind === "server")).toBe(server);
  });

  it("when a span's parent is missing, then it is named", () => {
    const { root, client, select } = healthyTrace();
    expect(traceStructureProblems([root, client, select])).toEqual([
      `bff-web client "${METHOD}" (${client.spanId}): answered OK, but no server span in another process is its child`,
      `catalog client "SELECT products" (${select.spanId}): parent ${select.parentSpanId} is not in the trace`,
    ]);
  });

  it("when the callee started a new trace root instead of continuing, then there are two roots", () => {
    const { root, client } = healthyTrace();
    const orphan = span({ service: "catalog", kind: "server", name: METHOD, attributes: rpc(0) });
    expect(traceStructureProblems([root, client, orphan])[0]).toMatch(/^expected one root span, found 2/);
  });

  it("when a server span hangs under a span of its own process or of another method, then it is named", () => {
    const { root, client } = healthyTrace();
    const sameProcess = span({ service: "bff-web", kind: "server", name: METHOD, attributes: rpc(0) }, client);
    const otherMethod = span({ service: "catalog", kind: "server", name: "shop.catalog.v1.CatalogService/ListProducts", attributes: rpc(0) }, client);
    const problems = traceStructureProblems([root, client, sameProcess, otherMethod]);
    expect(problems.filter((p) => p.includes("is not a client span of the same method in another process"))).toHaveLength(2);
  });

  it("when statuses do not follow the gRPC codes, then each wrong one is named", () => {
    const root = span({ service: "bff-web", kind: "server", name: "mutation placeOrder" });
    const refusedClient = span({ service: "bff-web", kind: "client", name: "PlaceOrder", attributes: rpc(3), status: { code: "error", message: "" } }, root);
    const refusedServer = span({ service: "orders", kind: "server", name: "PlaceOrder", attributes: rpc(3) }, refusedClient);
    expect(statusProblems([root, refusedClient, refusedServer])).toEqual([]);
    const unmarkedClient = { ...refusedClient, status: { code: "unset" as const, message: "" } };
    const blamedServer = { ...refusedServer, status: { code: "error" as const, message: "" } };
    const faultUnmarked = span({ service: "orders", kind: "server", name: "PlaceOrder", attributes: rpc(13) });
    expect(statusProblems([unmarkedClient, blamedServer, faultUnmarked])).toEqual([
      'bff-web client "PlaceOrder": code 3 but status unset',
      'orders server "PlaceOrder": code 3 but status error',
      'orders server "PlaceOrder": code 13 but status unset',
    ]);
    expect(statusProblems([span({ service: "orders", kind: "server", name: "x", attributes: { "rpc.system": "grpc" } })])).toEqual([
      'orders server "x": rpc.grpc.status_code is undefined',
    ]);
  });
});
