import type { Money } from "@shop/contracts/common/v1";

/*
 * Building an Intl.NumberFormat is costly (a locale data lookup) and one response formats many
 * amounts, so one formatter per (locale, currency) and the digits per currency are kept here,
 * bounded so that unexpected codes cannot grow them without limit. `null` remembers a code Intl
 * rejects, so a bad code does not pay for a thrown RangeError on every call either.
 */
const MAX_CACHED = 512;
const formatters = new Map<string, Intl.NumberFormat | null>();
const digitsByCurrency = new Map<string, number>();
/** Formatted amounts: prices repeat across responses, and Intl's format() is the costly part. */
const MAX_FORMATTED = 10_000;
const formatted = new Map<string, string>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

/** The currency formatter of `locale` for `currencyCode`, or null when Intl rejects either. */
function formatterFor(locale: string, currencyCode: string): Intl.NumberFormat | null {
  const key = `${locale}\u0000${currencyCode}`;
  const cached = formatters.get(key);
  if (cached !== undefined) return cached;
  let formatter: Intl.NumberFormat | null;
  try {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
  } catch {
    formatter = null;
  }
  return remember(formatters, key, formatter);
}

/** Digits after the decimal point of a currency (USD 2, JPY 0, BHD 3), from Intl. */
export function minorDigits(currencyCode: string): number {
  const cached = digitsByCurrency.get(currencyCode);
  if (cached !== undefined) return cached;
  const digits = formatterFor("en-US", currencyCode)?.resolvedOptions().maximumFractionDigits ?? 2;
  return remember(digitsByCurrency, currencyCode, digits);
}

/** The exact decimal string of an amount: 1299 USD → "12.99", 500 JPY → "500". No floating point. */
export function decimalAmount(money: Pick<Money, "amountMinor" | "currencyCode">): string {
  const digits = minorDigits(money.currencyCode);
  const negative = money.amountMinor < 0n;
  const units = (negative ? -money.amountMinor : money.amountMinor).toString().padStart(digits + 1, "0");
  if (digits === 0) return negative ? `-${units}` : units;
  const cut = units.length - digits;
  return `${negative ? "-" : ""}${units.slice(0, cut)}.${units.slice(cut)}`;
}

/** The amount formatted for people with Intl: "$12.99", "¥500". `locale` @default "en-US" */
export function formatMoney(money: Pick<Money, "amountMinor" | "currencyCode">, locale = "en-US"): string {
  const key = `${locale}\u0000${money.currencyCode}\u0000${money.amountMinor}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const decimal = decimalAmount(money);
  const formatter = formatterFor(locale, money.currencyCode);
  // Intl formats exact decimal strings (Node ≥ 20 accepts a string), so large amounts stay exact.
  const text = formatter ? formatter.format(decimal as unknown as number) : `${decimal} ${money.currencyCode}`;
  if (formatted.size >= MAX_FORMATTED) formatted.clear();
  formatted.set(key, text);
  return text;
}
