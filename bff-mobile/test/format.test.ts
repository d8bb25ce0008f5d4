import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { MoneySchema } from "@shop/contracts/common/v1";
import { describe, expect, it } from "vitest";
import { displayMoney as formatMoney, isoDate, roundRating } from "../src/format.js";

const money = (currencyCode: string, amountMinor: bigint) => create(MoneySchema, { currencyCode, amountMinor });

describe("slim formatting", () => {
  it("when money is in USD minor units, then it is a display string with cents", () => {
    expect(formatMoney(money("USD", 1299n))).toBe("$12.99");
    expect(formatMoney(money("USD", 5n))).toBe("$0.05");
    expect(formatMoney(money("USD", 123456700n))).toBe("$1,234,567.00");
  });

  it("when the currency has no minor unit, then no decimals are invented", () => {
    expect(formatMoney(money("JPY", 500n))).toBe("¥500");
  });

  it("when an amount is beyond double precision, then it is still formatted exactly", () => {
    expect(formatMoney(money("USD", 9007199254740993n))).toBe("$90,071,992,547,409.93");
  });

  it("when money is absent, then the display string is empty", () => {
    expect(formatMoney(undefined)).toBe("");
  });

  it("when a rating has decimals, then it is rounded to whole stars within 0..5", () => {
    expect(roundRating(4.5)).toBe(5);
    expect(roundRating(4.49)).toBe(4);
    expect(roundRating(0)).toBe(0);
    expect(roundRating(7)).toBe(5);
    expect(roundRating(Number.NaN)).toBe(0);
  });

  it("when a timestamp is given, then the date is ISO-8601 in UTC", () => {
    expect(isoDate(timestampFromDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))))).toBe("2026-01-02T03:04:05.006Z");
    expect(isoDate(undefined)).toBe("");
  });
});
