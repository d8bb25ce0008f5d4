import { describe, expect, it } from "vitest";
import { decimalAmount, formatMoney, minorDigits } from "./money.js";

const money = (currencyCode: string, amountMinor: bigint) => ({ currencyCode, amountMinor });

describe("money", () => {
  it("when currencies have 0, 2 or 3 minor digits, then the exact decimal string has them", () => {
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("BHD")).toBe(3);
    expect(decimalAmount(money("USD", 1299n))).toBe("12.99");
    expect(decimalAmount(money("USD", 5n))).toBe("0.05");
    expect(decimalAmount(money("USD", -5n))).toBe("-0.05");
    expect(decimalAmount(money("JPY", 500n))).toBe("500");
    expect(decimalAmount(money("JPY", -500n))).toBe("-500");
    expect(decimalAmount(money("BHD", 1234n))).toBe("1.234");
  });

  it("when the same currency is formatted again or in another locale, then each answer is that locale's", () => {
    expect(formatMoney(money("USD", 1299n))).toBe("$12.99");
    expect(formatMoney(money("USD", 1299n))).toBe("$12.99");
    expect(formatMoney(money("EUR", 123456n), "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(money("EUR", 123456n))).toBe("€1,234.56");
    expect(formatMoney(money("JPY", 500n))).toBe("¥500");
  });

  it("when an amount is beyond double precision, then it is formatted exactly", () => {
    expect(formatMoney(money("USD", 9007199254740993n))).toBe("$90,071,992,547,409.93");
  });

  it("when the currency code is not one Intl knows, then two digits and the code are used, every time", () => {
    expect(minorDigits("??")).toBe(2);
    expect(formatMoney(money("??", 1299n))).toBe("12.99 ??");
    expect(formatMoney(money("??", 1299n))).toBe("12.99 ??");
  });

  it("when more distinct currencies than the cache holds are formatted, then answers stay right", () => {
    for (let i = 0; i < 600; i++) {
      const code = `X${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}`;
      const fresh = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
      const digits = fresh.resolvedOptions().maximumFractionDigits ?? 2;
      expect(formatMoney(money(code, 10n ** BigInt(digits)))).toBe(fresh.format(1));
    }
    expect(formatMoney(money("USD", 100n))).toBe("$1.00");
  });
});
