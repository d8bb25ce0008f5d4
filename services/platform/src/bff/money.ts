import type { Money } from "@shop/platform/contracts/common/v1";

/** Digits after the decimal point of a currency (USD 2, JPY 0, BHD 3), from Intl. */
export function minorDigits(currencyCode: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The exact decimal string of an amount: 1299 USD → "12.99", 500 JPY → "500". No floating point. */
export function decimalAmount(money: Pick<Money, "amountMinor" | "currencyCode">): string {
  const digits = minorDigits(money.currencyCode);
  const negative = money.amountMinor < 0n;
  const units = (negative ? -money.amountMinor : money.amountMinor).toString().padStart(digits + 1, "0");
  const whole = units.slice(0, units.length - digits);
  const fraction = units.slice(units.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

/** The amount formatted for people with Intl: "$12.99", "¥500". `locale` @default "en-US" */
export function formatMoney(money: Pick<Money, "amountMinor" | "currencyCode">, locale = "en-US"): string {
  // Intl formats exact decimal strings (Node ≥ 20 accepts a string), so large amounts stay exact.
  const amount = decimalAmount(money) as unknown as number;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: money.currencyCode }).format(amount);
  } catch {
    return `${decimalAmount(money)} ${money.currencyCode}`;
  }
}
