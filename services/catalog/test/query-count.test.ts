import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { demoId } from "@shop/service-host/demo";
import { QueryCounter } from "@shop/service-host/db";
import { newId } from "@shop/grpc-runtime/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCatalogService, type RunningCatalogService } from "../src/app.js";

describe("catalog SQL per call (PGlite in memory, real socket)", () => {
  const counter = new QueryCounter();
  let running: RunningCatalogService;
  let client: ReturnType<typeof createClient<typeof CatalogService>>;

  beforeAll(async () => {
    running = await startCatalogService({ inMemory: true, logger: silentLogger(), onQuery: counter.listener });
    client = createClient(CatalogService, running.address);
  });
  afterAll(async () => {
    closeClient(client);
    await running?.stop();
  });

  it("when 500 products are read in one batch, then exactly one SQL query runs", async () => {
    const ids = [...Array.from({ length: 499 }, (_, i) => demoId("product", i * 10)), newId()];
    counter.reset();
    const result = await client.batchGetProducts({ ids });
    expect(result.products).toHaveLength(499);
    expect(counter.count).toBe(1);
    expect(counter.queries[0]?.sql).toMatch(/IN|ANY/i);
  });

  it("when a page of products is listed with filters and a cursor, then one SQL query runs", async () => {
    const first = await client.listProducts({ category: "garden", query: "edition", pageSize: 5 });
    counter.reset();
    const second = await client.listProducts({ category: "garden", query: "edition", pageSize: 5, pageToken: first.nextPageToken });
    expect(second.products.length).toBeGreaterThan(0);
    expect(counter.count).toBe(1);
  });

  it("when recommendations are listed, then at most two indexed queries run and none sorts the whole table", async () => {
    for (let i = 0; i < 20; i++) {
      counter.reset();
      await client.listRecommendations({ userId: demoId("user", i), pageSize: 10 });
      expect(counter.count).toBeLessThanOrEqual(2);
      for (const q of counter.queries) expect(q.sql).toMatch(/LIMIT/i);
    }
  });

  it("when products are read with the mask [name], then the same one query runs and selects no description column", async () => {
    const ids = Array.from({ length: 50 }, (_, i) => demoId("product", i));
    counter.reset();
    await client.batchGetProducts({ ids });
    const whole = counter.queries;
    counter.reset();
    const { products } = await client.batchGetProducts({ ids, readMask: { paths: ["name"] } });
    expect(products).toHaveLength(50);
    expect([whole.length, counter.count]).toEqual([1, 1]);
    expect(whole[0]?.sql).toMatch(/"description"/);
    expect(counter.queries[0]?.sql).toMatch(/"name"/);
    expect(counter.queries[0]?.sql).not.toMatch(/"description"|"image_urls"|"stock"/);
  });

  it("when a page is listed with the mask [price], then one query selects the price and the name its cursor needs, nothing else", async () => {
    counter.reset();
    const page = await client.listProducts({ category: "garden", pageSize: 5, readMask: { paths: ["price"] } });
    expect(page.products[0]?.name).toBe("");
    expect(counter.count).toBe(1);
    const [select] = counter.queries[0]!.sql.split(/\bFROM\b/);
    expect(select).toMatch(/"price_minor"/);
    expect(select).toMatch(/"name"/);
    expect(select).not.toMatch(/"description"|"thumbnail_url"/);
  });

  it("when an invalid request arrives, then no SQL runs at all", async () => {
    counter.reset();
    await expect(client.batchGetProducts({ ids: ["bad"] })).rejects.toThrow();
    await expect(client.reserveStock({ reservationId: "x", lines: [] })).rejects.toThrow();
    expect(counter.count).toBe(0);
  });
});
