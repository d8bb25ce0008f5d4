import { Metrics } from "@shop/grpc-runtime";
import { describe, expect, it } from "vitest";
import { parseMetricsText } from "./prometheus-scrape.js";

const CATALOG = "shop.catalog.v1.CatalogService";

describe("reading a /metrics answer", () => {
  it("when the runtime's metrics recorded known calls, then the parsed counters and histograms give those numbers back", async () => {
    const metrics = new Metrics();
    const batch = metrics.rpcMethod("server", CATALOG, "BatchGetProducts");
    batch.record(0, 0.002);
    batch.record(0, 0.004);
    batch.record(5, 0.001);
    metrics.rpcMethod("server", CATALOG, "ListRecommendations").record(0, 0.01);
    metrics.loader("products").batch(7);
    metrics.loader("products").batch(3);

    const scrape = parseMetricsText(await metrics.text());

    expect(scrape.family("shop_rpc_server_requests_total")?.type).toBe("COUNTER");
    expect(scrape.value("shop_rpc_server_requests_total", { grpc_method: "BatchGetProducts", grpc_code: "OK" })).toBe(2);
    expect(scrape.value("shop_rpc_server_requests_total", { grpc_method: "BatchGetProducts" })).toBe(3);
    expect(scrape.value("shop_rpc_server_requests_total", { grpc_service: CATALOG })).toBe(4);
    expect(scrape.value("shop_rpc_server_requests_total", { grpc_method: "NoSuchMethod" })).toBe(0);
    const duration = scrape.histogram("shop_rpc_server_duration_seconds", { grpc_method: "BatchGetProducts" });
    expect(duration.count).toBe(3);
    expect(duration.sum).toBeCloseTo(0.007, 6);
    expect(scrape.value("shop_rpc_server_duration_seconds_bucket", { grpc_method: "BatchGetProducts", le: "0.001" })).toBe(1);
    expect(scrape.value("shop_rpc_server_duration_seconds_bucket", { grpc_method: "BatchGetProducts", le: "+Inf" })).toBe(3);
    expect(scrape.histogram("shop_rpc_server_duration_seconds", { grpc_method: "ListRecommendations" }).count).toBe(1);
    expect(scrape.histogram("shop_dataloader_batch_size", { loader: "products" })).toEqual({ count: 2, sum: 10 });
    expect(scrape.family("shop_dataloader_batch_size")?.type).toBe("HISTOGRAM");
    expect(() => scrape.histogram("shop_rpc_server_requests_total")).toThrow(/not a histogram/);
    expect(scrape.labelValues("grpc_code", (name) => name.startsWith("shop_rpc_"))).toEqual(new Set(["OK", "NOT_FOUND"]));
    expect(scrape.names()).toContain("process_cpu_seconds_total");
  });

  it("when the text is not Prometheus text format, then parsing throws", () => {
    expect(() => parseMetricsText('# TYPE a counter\na{code="1" 3\n')).toThrow();
    expect(() => parseMetricsText("# TYPE a counter extra\n")).toThrow();
  });

  it("when a family appears twice, then the scrape is refused", () => {
    expect(() => parseMetricsText("# TYPE a counter\na 1\n# TYPE b gauge\nb 2\n# TYPE a counter\na 3\n")).toThrow(/family a appears twice/);
  });
});
