/**
 * The variants `bff-cpu.ts` measures side by side on one transport, and how their per-round
 * readings are compared. A variant is bff-web with one tracing setting and one trust between it
 * and the services; its cost is read against a baseline measured in the same rounds.
 */
import { median } from "./numbers.js";

/** Where the fakes run: in this process (Connect router transport) or in a child over grpc-js. */
export type Transport = "memory" | "grpc";

/** "off", or the share of traces recorded. */
export type Tracing = "off" | number;

/**
 * How bff-web and the services authenticate each other over grpc-js: `plaintext` (the insecure
 * trust: caller from `x-caller`, unsigned end-user token, the same authorization checks) or `mtls`
 * (client certificate of the bench's CA, end-user token signed with its key). `in-process` is the
 * memory transport's: no sockets and no caller checks at all.
 */
export type Trust = "plaintext" | "mtls" | "in-process";

/** The trusts `--trust` may name (the memory transport has only its own). */
export const WIRE_TRUSTS = ["plaintext", "mtls"] as const;
export type WireTrust = (typeof WIRE_TRUSTS)[number];

/** One bff-web set-up of a transport. */
export interface VariantKey {
  readonly tracing: Tracing;
  readonly trust: Trust;
}

/** Parses `--trust`: a comma-separated list of plaintext and mtls, each at most once. */
export function parseTrusts(text: string): WireTrust[] {
  const names = text.split(",").map((name) => name.trim());
  const trusts: WireTrust[] = [];
  for (const name of names) {
    if (!(WIRE_TRUSTS as readonly string[]).includes(name)) throw new Error(`--trust: plaintext or mtls, not "${name}"`);
    if (trusts.includes(name as WireTrust)) throw new Error(`--trust: "${name}" is named twice`);
    trusts.push(name as WireTrust);
  }
  return trusts;
}

/**
 * The variants measured on `transport`: every tracing × trust on grpc; on memory only bff-web
 * without tracing (its clients are the fakes' own, without client spans) and without wire trust.
 */
export function variantsOf(transport: Transport, tracings: readonly Tracing[], trusts: readonly WireTrust[]): VariantKey[] {
  if (transport === "memory") return tracings.includes("off") ? [{ tracing: "off", trust: "in-process" }] : [];
  return trusts.flatMap((trust) => tracings.map((tracing) => ({ tracing, trust })));
}

/** A variant's name in maps and messages: "mtls, tracing 0.1". */
export function variantLabel(key: VariantKey): string {
  return `${key.trust}, tracing ${key.tracing}`;
}

/**
 * The variant `key` is compared with: the same trust with tracing off (what tracing costs), or the
 * same tracing over plaintext (what mTLS and signed user tokens cost). Undefined when `key` is
 * that baseline itself or the comparison does not apply (in-process, or plaintext vs plaintext).
 */
export function baselineOf(key: VariantKey, cost: "tracing" | "trust"): VariantKey | undefined {
  if (cost === "tracing") return key.tracing === "off" ? undefined : { tracing: "off", trust: key.trust };
  return key.trust === "mtls" ? { tracing: key.tracing, trust: "plaintext" } : undefined;
}

/** A variant's per-round changes against its baseline: their median and range. */
export interface PairedChange {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * (`runs[i]` ÷ `baseline[i]`) − 1 for every round i, summarised: each round's reading against the
 * baseline's of the same round, so load drifting between rounds hits both sides alike; the median
 * is the figure, the range shows how much the rounds disagreed. Null without a baseline, when the
 * two were not measured in the same rounds, or when a baseline reading is not positive.
 */
export function pairedChange(runs: readonly number[], baseline: readonly number[] | undefined): PairedChange | null {
  if (baseline === undefined || runs.length === 0 || baseline.length !== runs.length) return null;
  if (baseline.some((value) => !(value > 0))) return null;
  const changes = runs.map((value, round) => value / baseline[round]! - 1);
  return { median: median(changes), min: Math.min(...changes), max: Math.max(...changes) };
}

/** A change as the tables print it: "+6.2 %", "−1.0 %", "" when there is none; with `range`, "+6.2 % (−1.0 … +9.5)". */
export function formatChange(change: PairedChange | null, range = false): string {
  if (change === null) return "";
  const percent = (value: number, digits: number) => `${value < 0 ? "−" : "+"}${(Math.abs(value) * 100).toFixed(digits)}`;
  return range ? `${percent(change.median, 1)} % (${percent(change.min, 1)} … ${percent(change.max, 1)})` : `${percent(change.median, 1)} %`;
}
