import { demoUser } from "@shop/service-host/demo";
import { afterEach, describe, expect, it } from "vitest";
import { documentHash } from "../src/documents/operation-files.js";
import { HomeDocument, ProductsDocument } from "../src/generated/operations.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const RAW = "query Raw { products(first: 2) { nodes { id name } } }";

let harness: MobileHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("trusted documents only (production)", () => {
  it("when the app sends a manifest hash, then the operation runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true });
    const response = await harness.post({
      operationName: ProductsDocument.operationName,
      variables: { first: 3 },
      extensions: persisted(ProductsDocument.sha256Hash),
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.products.nodes).toHaveLength(3);
  });

  it("when the app sends a manifest hash with GET, then the operation runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true });
    const params = new URLSearchParams({
      operationName: ProductsDocument.operationName,
      variables: JSON.stringify({ first: 2 }),
      extensions: JSON.stringify(persisted(ProductsDocument.sha256Hash)),
    });
    const response = await harness.fetch(`/graphql?${params}`, {
      headers: { accept: "application/graphql-response+json", "x-graphql-csrf": "1" },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { products: { nodes: unknown[] } } }).data.products.nodes).toHaveLength(2);
  });

  it("when a hash is not in the manifest, then a clear error comes back and no service is called", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true });
    const response = await harness.post({ extensions: persisted(documentHash(RAW)) });
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(response.body.errors?.[0]?.message).toMatch(/not one of the app's trusted documents/);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a raw document is sent, even with a known hash, then it is refused before execution", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true });
    for (const body of [{ query: RAW }, { query: HomeDocument.document, extensions: persisted(HomeDocument.sha256Hash) }]) {
      const response = await harness.post(body);
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_ONLY");
      expect(response.body.errors?.[0]?.message).toMatch(/Only trusted documents are accepted/);
    }
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when neither a query nor a hash is sent, then the error says what is missing", async () => {
    harness = await startHarness({ trustedDocumentsOnly: true });
    const response = await harness.post({ variables: {} });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_ID_REQUIRED");
  });
});

describe("any document (development)", () => {
  it("when a raw document is sent, then it runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: false });
    const response = await harness.post({ query: RAW });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.products.nodes).toHaveLength(2);
  });

  it("when a known hash is sent, then its trusted document runs", async () => {
    harness = await startHarness({ trustedDocumentsOnly: false });
    const userId = demoUser(0).id;
    const response = await harness.post(
      { extensions: persisted(HomeDocument.sha256Hash) },
      bearer(await harness.tokenFor(userId)),
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.home.user.name).toBe(demoUser(0).displayName);
  });

  it("when an unknown hash is sent alone, then the Apollo 'not found' answer lets the client retry with the document", async () => {
    harness = await startHarness({ trustedDocumentsOnly: false });
    await harness.fakes.data.addUser({ id: "0190c1a0-0000-7000-8000-000000000001", email: "x@shop.test", displayName: "X" });
    const first = await harness.post({ extensions: persisted(documentHash(RAW)) });
    expect(first.body.errors?.[0]?.message).toBe("PersistedQueryNotFound");
    expect(first.body.errors?.[0]?.extensions?.["code"]).toBe("PERSISTED_QUERY_NOT_FOUND");
    const retry = await harness.post({ query: RAW, extensions: persisted(documentHash(RAW)) });
    expect(retry.body.data?.products.nodes).toHaveLength(2);
  });
});
