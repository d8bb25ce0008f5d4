import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { formatMoney } from "@shop/bff-shop";
import type { Money } from "@shop/contracts/common/v1";

/**
 * The slim scalar shapes of the mobile client: money as one display string, ratings as whole
 * stars, times as ISO-8601 strings. Everything the app shows is formatted here, once.
 */

/** Money for display, e.g. USD 1299 → "$12.99", JPY 500 → "¥500"; empty for absent money. */
export function displayMoney(money: Money | undefined): string {
  if (!money || money.currencyCode === "") return "";
  return formatMoney(money);
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
