import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Money } from "@shop/platform/contracts/common/v1";

/**
 * The slim scalar shapes of the mobile client: money as one display string, ratings as whole
 * stars, times as ISO-8601 strings. Everything the app shows is formatted here, once.
 */

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currencyCode: string): Intl.NumberFormat {
  let formatter = formatters.get(currencyCode);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode });
    formatters.set(currencyCode, formatter);
  }
  return formatter;
}

/** Minor units as an exact decimal string ("1299", 2 digits → "12.99"); no floating point. */
export function minorToDecimal(amountMinor: bigint, fractionDigits: number): string {
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString();
  if (fractionDigits === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(fractionDigits + 1, "0");
  const whole = padded.slice(0, padded.length - fractionDigits);
  const fraction = padded.slice(padded.length - fractionDigits);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** Money for display, e.g. USD 1299 → "$12.99", JPY 500 → "¥500". Empty for absent money. */
export function formatMoney(money: Money | undefined): string {
  if (!money || money.currencyCode === "") return "";
  const formatter = currencyFormatter(money.currencyCode);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // Intl formats decimal strings exactly (no conversion through a double).
  return formatter.format(minorToDecimal(money.amountMinor, digits) as `${number}`);
}

/** An average rating (0 to 5) as whole stars, rounding halves up: 4.5 → 5, 4.49 → 4. */
export function roundRating(averageRating: number): number {
  if (!Number.isFinite(averageRating)) return 0;
  return Math.min(5, Math.max(0, Math.round(averageRating)));
}

/** A protobuf timestamp as an ISO-8601 UTC string; empty when absent. */
export function isoDate(timestamp: Timestamp | undefined): string {
  return timestamp ? timestampDate(timestamp).toISOString() : "";
}
