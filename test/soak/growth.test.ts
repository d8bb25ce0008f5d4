import { describe, expect, it } from "vitest";
import { rssGrowth } from "./growth.js";

const sample = (atS: number, catalog: number, users = 300) => ({ atS, rssMb: { catalog, users } });

describe("rssGrowth", () => {
  it("when samples span the warm-up, then the last minute's median is compared with the median of the minute after it", () => {
    const samples = [sample(15, 900), sample(45, 700), sample(60, 600), sample(90, 640), sample(110, 620)];
    samples.push(sample(300, 650), sample(330, 700), sample(360, 660), sample(390, 690));
    const growth = rssGrowth(samples, 60);
    expect(growth.catalog).toEqual({ baselineMb: 620, endMb: 675, maxMb: 700, growthPct: 8.9 });
    expect(growth.users).toEqual({ baselineMb: 300, endMb: 300, maxMb: 300, growthPct: 0 });
  });

  it("when one sample catches the top of a GC sawtooth, then it does not read as growth", () => {
    const samples = [60, 75, 90, 105, 600, 615, 630, 645].map((t) => sample(t, t === 645 ? 1000 : 600));
    expect(rssGrowth(samples, 60).catalog!.growthPct).toBe(0);
  });

  it("when memory falls after the warm-up, then the growth is negative", () => {
    expect(rssGrowth([sample(60, 800), sample(600, 600)], 60).catalog!.growthPct).toBe(-25);
  });

  it("when fewer than two samples come after the warm-up, then it refuses instead of reporting 0 %", () => {
    expect(() => rssGrowth([sample(15, 800), sample(30, 900), sample(61, 900)], 60)).toThrow(/at least two samples/);
    expect(() => rssGrowth([], 60)).toThrow(/at least two samples/);
  });
});
