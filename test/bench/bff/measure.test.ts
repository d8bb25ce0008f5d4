import { describe, expect, it } from "vitest";
import { traceFiguresBetween } from "./measure.js";

describe("traceFiguresBetween", () => {
  it("when spans arrived from bff-web and the services, then they are split by process kind and divided by the operations", () => {
    const before = { requests: 10, bytes: 50_000, spans: 300, spansByService: { "bff-web": 100, catalog: 200 } };
    const after = { requests: 14, bytes: 90_000, spans: 700, spansByService: { "bff-web": 260, catalog: 320, users: 40, orders: 80 } };
    expect(traceFiguresBetween(before, after, 20)).toEqual({ gatewaySpansPerOp: 8, serviceSpansPerOp: 12, exportsPerOp: 0.2, exportBytesPerOp: 2_000 });
  });

  it("when nothing arrived, then every figure is zero", () => {
    const counts = { requests: 3, bytes: 900, spans: 12, spansByService: { users: 12 } };
    expect(traceFiguresBetween(counts, counts, 50)).toEqual({ gatewaySpansPerOp: 0, serviceSpansPerOp: 0, exportsPerOp: 0, exportBytesPerOp: 0 });
  });
});
