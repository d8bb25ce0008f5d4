import { demoId } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";
import { REC_KEY_SPACE, recKeyOf } from "./rec-key.js";

describe("recKeyOf", () => {
  it("when the same string is keyed twice, then the key is the same and inside the key space", () => {
    const id = demoId("user", 3);
    expect(recKeyOf(id)).toBe(recKeyOf(id));
    expect(recKeyOf(id)).toBeGreaterThanOrEqual(0);
    expect(recKeyOf(id)).toBeLessThan(REC_KEY_SPACE);
  });

  it("when ids share their time prefix, then their keys still spread over the whole space", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => recKeyOf(demoId("product", i)));
    expect(new Set(keys).size).toBe(1000);
    const buckets = new Array<number>(10).fill(0);
    for (const key of keys) buckets[Math.floor((key / REC_KEY_SPACE) * 10)]!++;
    // A uniform spread puts about 100 in each tenth.
    for (const count of buckets) expect(count).toBeGreaterThan(60);
  });
});
