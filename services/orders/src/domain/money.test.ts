import { describe, expect, it } from "vitest";
import { CurrencyMismatchError, Money } from "./money.js";

describe("Money", () => {
  it("when two amounts of one currency are added, then the minor units add up exactly", () => {
    const sum = Money.of("USD", 1299n).add(Money.of("USD", 1n));
    expect(sum.currencyCode).toBe("USD");
    expect(sum.amountMinor).toBe(1300n);
  });

  it("when amounts of different currencies are added, then it throws CurrencyMismatchError", () => {
    expect(() => Money.of("USD", 1n).add(Money.of("EUR", 1n))).toThrow(CurrencyMismatchError);
  });

  it("when an amount is multiplied, then it stays exact beyond 2^53", () => {
    const big = Money.of("JPY", 2n ** 60n).times(3);
    expect(big.amountMinor).toBe(3n * 2n ** 60n);
  });

  it("when built from a negative amount, a bad code or an unsafe number, then it throws", () => {
    expect(() => Money.of("USD", -1n)).toThrow(RangeError);
    expect(() => Money.of("usd", 1n)).toThrow(RangeError);
    expect(() => Money.of("USD", 1.5)).toThrow(RangeError);
    expect(() => Money.of("USD", 1n).times(-2)).toThrow(RangeError);
  });

  it("when compared, then equal means same currency and same amount", () => {
    expect(Money.of("USD", 5n).equals(Money.of("USD", 5))).toBe(true);
    expect(Money.of("USD", 5n).equals(Money.of("EUR", 5n))).toBe(false);
  });
});
