// `npm run soak [-- --minutes 10 --db both --clients 8 --sample 15 --order-every 10 --max-growth 10]`
// A closed loop of web home pages with one placeOrder in N against the whole system, printing the
// RSS of every process over time and, as the last line, a JSON summary with the growth per process.
import { parseArgs } from "node:util";
import { postgresAvailable } from "@shop/service-host/db";
import { startBenchSystem } from "../bench/bff/bench-system.js";
import { graphqlOperation, postGraphql, runLoad } from "../bench/bff/load-generator.js";
import { demoToken } from "../bench/bff/peers.js";
import { rssMbOf } from "../bench/bff/process-stats.js";
import { PLACE_ORDER_MUTATION, WEB_HOME_QUERY } from "../bench/bff/queries.js";
import { PROCESS_NAMES } from "../../scripts/launcher/system-processes.js";
import { rssGrowth, type RssGrowth, type RssSample } from "./growth.js";

const DATABASES = ["pglite", "postgres"] as const;
type SoakDatabase = (typeof DATABASES)[number];
const SERVICES = ["users", "catalog", "orders"] as const;
const WARMUP_S = 60;

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    db: { type: "string", default: "both" },
    clients: { type: "string", default: "8" },
    sample: { type: "string", default: "15" },
    "order-every": { type: "string", default: "10" },
    "max-growth": { type: "string", default: "10" },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(`Usage: npm run soak -- [options]
  --minutes M       minutes of load per database (default 10; growth is measured after the first minute)
  --db WHICH        pglite (the embedded default), postgres (127.0.0.1:5432) or both (default both)
  --clients N       closed-loop clients (default 8)
  --sample S        seconds between RSS samples (default 15)
  --order-every N   one placeOrder in N operations, the rest web home pages (default 10)
  --max-growth P    exit 1 when a domain service grows P % or more after the first minute (default 10)`);
  process.exit(0);
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} ${text}: expected a positive number`);
    process.exit(2);
  }
  return value;
}
const minutes = positive("minutes", values.minutes);
const clients = Math.trunc(positive("clients", values.clients));
const sampleS = positive("sample", values.sample);
const orderEvery = Math.trunc(positive("order-every", values["order-every"]));
const maxGrowthPct = positive("max-growth", values["max-growth"]);
if (values.db !== "both" && !DATABASES.includes(values.db as SoakDatabase)) {
  console.error(`--db ${values.db}: expected pglite, postgres or both`);
  process.exit(2);
}
if (minutes * 60 < WARMUP_S + 2 * sampleS) {
  console.error(`--minutes ${minutes}: too short to measure growth after the first minute with ${sampleS} s samples`);
  process.exit(2);
}
const progress = (message: string) => process.stderr.write(`[soak] ${message}\n`);

/** What one database's run measured. */
interface SoakRun {
  readonly db: SoakDatabase;
  readonly skipped?: string;
  readonly ops?: number;
  readonly errors?: number;
  readonly firstError?: string;
  readonly samples?: readonly RssSample[];
  readonly growth?: Record<string, RssGrowth>;
}

async function soak(db: SoakDatabase): Promise<SoakRun> {
  if (db === "postgres" && !(await postgresAvailable())) return { db, skipped: "PostgreSQL does not answer on 127.0.0.1:5432" };
  progress(`${db}: starting the system on fresh databases…`);
  const bench = await startBenchSystem({ postgres: db === "postgres" });
  try {
    const { system } = bench;
    const auth = { authorization: `Bearer ${await demoToken(system.webUrl)}` };
    const home = await postGraphql(system.webUrl, { query: WEB_HOME_QUERY }, auth);
    const productIds = (JSON.parse(home.text) as { data: { homePage: { recommendations: { id: string }[] } } }).data.homePage.recommendations.map((p) => p.id);
    const homePage = graphqlOperation(system.webUrl, { query: WEB_HOME_QUERY }, auth);
    let orderCount = 0;
    const placeOrder = graphqlOperation(
      system.webUrl,
      () => {
        orderCount += 1;
        const productId = productIds[orderCount % productIds.length]!;
        return { query: PLACE_ORDER_MUTATION, variables: { input: { idempotencyKey: `soak-${process.pid}-${orderCount}`, lines: [{ productId, quantity: 1 }] } } };
      },
      auth,
    );
    let started = 0;
    let completed = 0;
    const operation = async (): Promise<void> => {
      started += 1;
      await (started % orderEvery === 0 ? placeOrder.run() : homePage.run());
      completed += 1;
    };

    const pids = system.pids();
    const samples: RssSample[] = [];
    const t0 = Date.now();
    let lastCompleted = 0;
    const takeSample = (): void => {
      const atS = Math.round((Date.now() - t0) / 1000);
      const rssMb: Record<string, number> = {};
      for (const name of PROCESS_NAMES) rssMb[name] = Math.round(rssMbOf(pids[name]!));
      samples.push({ atS, rssMb });
      const rate = ((completed - lastCompleted) / sampleS).toFixed(0);
      lastCompleted = completed;
      progress(`${db} t=${String(atS).padStart(4)} s  ops/s ${rate.padStart(4)}  ${PROCESS_NAMES.map((n) => `${n} ${rssMb[n]} MiB`).join("  ")}`);
    };
    takeSample();
    const timer = setInterval(takeSample, sampleS * 1000);
    const load = await runLoad(operation, { concurrency: clients, durationMs: minutes * 60_000 }).finally(() => clearInterval(timer));
    takeSample();
    homePage.close();
    placeOrder.close();
    return {
      db,
      ops: load.opsIncludingDrain,
      errors: load.errors,
      ...(load.firstError === undefined ? {} : { firstError: load.firstError }),
      samples,
      growth: rssGrowth(samples, WARMUP_S),
    };
  } finally {
    await bench.stop();
  }
}

const runs: SoakRun[] = [];
for (const db of values.db === "both" ? DATABASES : [values.db as SoakDatabase]) {
  const run = await soak(db);
  if (run.skipped) progress(`${db}: skipped — ${run.skipped}`);
  else {
    progress(`${db}: ${run.ops} operations, ${run.errors} failed${run.firstError ? ` (first: ${run.firstError})` : ""}`);
    for (const [name, g] of Object.entries(run.growth!)) {
      progress(`${db}: ${name.padEnd(10)} median ${g.baselineMb} MiB in the minute after ${WARMUP_S} s → ${g.endMb} MiB in the last minute (max ${g.maxMb}): ${g.growthPct >= 0 ? "+" : ""}${g.growthPct} %`);
    }
  }
  runs.push(run);
}

const failures = runs.flatMap((run) => [
  ...((run.errors ?? 0) > 0 ? [`${run.db}: ${run.errors} failed operations`] : []),
  ...SERVICES.filter((s) => (run.growth?.[s]?.growthPct ?? 0) >= maxGrowthPct).map((s) => `${run.db}: ${s} grew ${run.growth![s]!.growthPct} % (limit ${maxGrowthPct} %)`),
]);
for (const failure of failures) progress(`FAIL ${failure}`);
console.log(JSON.stringify({ soak: { minutes, clients, orderEvery, sampleS, warmupS: WARMUP_S, maxGrowthPct, runs, failures } }));
process.exit(failures.length > 0 ? 1 : 0);
