import { mappingProblems } from "@shop/bff-kit";
import type { RecordedCall } from "@shop/bff-testing";
import { demoUser } from "@shop/service-host/demo";
import { afterEach, describe, expect, it } from "vitest";
import { HomeDocument } from "../src/generated/operations.js";
import { MOBILE_READ_MASK_MAPPING } from "../src/read-mask-mapping.js";
import { schema } from "../src/schema/index.js";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

/** The read mask each recorded call carried, by "service.Method" (absent: no mask, every field). */
function masksOf(calls: readonly RecordedCall[]): Record<string, readonly string[] | undefined> {
  const masks: Record<string, readonly string[] | undefined> = {};
  for (const call of calls) masks[`${call.service}.${call.method}`] = (call.request as { readMask?: { paths: string[] } }).readMask?.paths;
  return masks;
}

let harness: MobileHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function home(readMasks: boolean) {
  harness = await startHarness({ readMasks });
  const response = await harness.post(
    { query: HomeDocument.document, variables: { recommendations: 20, recentOrders: 5 } },
    bearer(await harness.tokenFor(demoUser(0).id)),
  );
  const calls = harness.fakes.calls.all;
  await harness.close();
  harness = undefined;
  return { response, calls };
}

describe("read masks: bff-mobile", () => {
  it("when the mapping is checked against the schema, then every field of every entity type declares its paths", () => {
    expect(mappingProblems(schema, MOBILE_READ_MASK_MAPPING)).toEqual([]);
  });

  it("when the Home screen is read, then each service is asked for exactly the fields it shows, orders without their lines", async () => {
    const { response, calls } = await home(true);
    expect(response.body.errors).toBeUndefined();
    expect(masksOf(calls)).toEqual({
      "users.BatchGetUsers": ["avatar_thumbnail_url", "display_name", "id"],
      "catalog.ListRecommendations": ["average_rating", "id", "name", "price", "thumbnail_url"],
      "orders.ListOrders": ["create_time", "id", "status", "total", "user_id"],
    });
  });

  it("when MOBILE_READ_MASKS is off, then no RPC carries a mask and the Home screen is the same", async () => {
    const on = await home(true);
    const off = await home(false);
    expect(off.response.body).toEqual(on.response.body);
    expect(Object.values(masksOf(off.calls)).every((mask) => mask === undefined)).toBe(true);
  });
});
