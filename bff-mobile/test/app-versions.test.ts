import { createLogger } from "@shop/grpc-runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appVersionFrom } from "../src/app-version.js";
import { documentHash } from "../src/documents/operation-files.js";
import { HomeDocument, ProductsDocument } from "../src/generated/operations.js";
import { startHarness, type MobileHarness } from "./harness.js";
import { releasedFixture, type ReleasedFixture } from "./released-fixture.js";

/** The Products query as app 0.9.0 sent it: fewer fields, so another hash than today's. */
const PRODUCTS_0_9 = "query Products {\n  products(first: 2) {\n    nodes {\n      id\n      name\n    }\n  }\n}\n";
const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

/** A logger whose JSON lines the test reads. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("bff-mobile", { level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

let released: ReleasedFixture;
let harness: MobileHarness | undefined;
beforeEach(async () => {
  released = await releasedFixture();
  await released.add("0.9.0", [PRODUCTS_0_9, HomeDocument.document], null);
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await released.remove();
});

describe("trusted documents of released app versions", () => {
  it("when an app on a supported older version sends a hash only that version has, then its operation runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true, releasedDir: released.dir });
    const response = await harness.post({ operationName: "Products", extensions: persisted(documentHash(PRODUCTS_0_9)) });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.products.nodes).toHaveLength(2);
  });

  it("when that version is retired, then its hash gets PERSISTED_QUERY_NOT_FOUND and no service is called", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true, releasedDir: released.dir, retiredAppVersions: ["0.9.0"] });
    const response = await harness.post({ operationName: "Products", extensions: persisted(documentHash(PRODUCTS_0_9)) });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a retired version shares a document with the current operations, then that document still runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true, releasedDir: released.dir, retiredAppVersions: ["0.9.0"] });
    const response = await harness.post({ variables: { first: 1 }, extensions: persisted(ProductsDocument.sha256Hash) });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.products.nodes).toHaveLength(1);
  });

  it("when the retired list names a version that was never released, then the server says so at start", async () => {
    const { logger, lines } = capturingLogger();
    harness = await startHarness({ releasedDir: released.dir, retiredAppVersions: ["0.8.0", "0.9.0"], logger });
    expect(lines).toContainEqual(expect.objectContaining({ supported: [], retired: ["0.9.0"] }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, unknownRetired: ["0.8.0"] }));
  });
});

describe("the app version header", () => {
  it("when a request with x-app-version is answered with an error, then the log line of that request names the version, the request id and the code", async () => {
    const { logger, lines } = capturingLogger();
    harness = await startHarness({ trustedDocumentsOnly: true, releasedDir: released.dir, retiredAppVersions: ["0.9.0"], logger });
    await harness.post(
      { extensions: persisted(documentHash(PRODUCTS_0_9)) },
      { "x-app-version": "0.9.0", "x-request-id": "req-app-version-1" },
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: "mobile request answered with errors",
        requestId: "req-app-version-1",
        appVersion: "0.9.0",
        codes: ["PERSISTED_QUERY_NOT_FOUND"],
      }),
    );
  });

  it("when a request succeeds, then its access line is all that is logged for it", async () => {
    const { logger, lines } = capturingLogger();
    harness = await startHarness({ trustedDocumentsOnly: true, logger });
    const logged = lines.length;
    await harness.post({ variables: { first: 1 }, extensions: persisted(ProductsDocument.sha256Hash) }, { "x-app-version": "1.0.0" });
    expect(lines.slice(logged)).toEqual([expect.objectContaining({ msg: "graphql operation", operation: "Products", outcome: "ok" })]);
  });

  it("when the header is missing, too long or carries odd characters, then the version is null rather than what was sent", () => {
    expect(appVersionFrom("1.4.0")).toBe("1.4.0");
    expect(appVersionFrom("1.4.0+512")).toBe("1.4.0+512");
    for (const header of [null, undefined, "", "1".repeat(33), "1.0.0\nlevel=fatal", "1.0.0 (iOS)"]) {
      expect(appVersionFrom(header), String(header)).toBeNull();
    }
  });

  it("when a resolver reads the context, then appVersion is the request's version", async () => {
    harness = await startHarness();
    const context = await harness.server.yoga.getEnveloped({ request: new Request("http://mobile.test/graphql", { headers: { "x-app-version": "1.2.3" } }) }).contextFactory();
    expect(context).toMatchObject({ appVersion: "1.2.3" });
  });
});
