// npm run bench:transport [-- --rounds 3 --small 10000 --batch 3000 --concurrency 64]
// Server in a child process, client here; rounds alternate the order of the three stacks; the
// figures reported are the medians over rounds. The last line of output is one JSON object.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createCaller } from "./callers.js";
import { measure, median, type RunResult } from "./measure.js";
import { PAYLOADS, VARIANTS, type CpuMessage, type Payload, type ReadyMessage, type Variant } from "./variants.js";

/** A run's figures plus the CPU each side spent per call (less sensitive to a busy machine). */
interface Measured extends RunResult {
  readonly serverCpuUs: number;
  readonly clientCpuUs: number;
}

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    small: { type: "string", default: "10000" },
    batch: { type: "string", default: "3000" },
    concurrency: { type: "string", default: "64" },
  },
});
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const totals: Record<Payload, number> = { small: Number(args.small), batch50: Number(args.batch) };
const serverScript = fileURLToPath(new URL("./server.ts", import.meta.url));

async function startServer(variant: Variant): Promise<{ child: ChildProcess; port: number }> {
  const devNull = openSync("/dev/null", "w");
  const child = spawn(process.execPath, ["--import", "tsx", serverScript, variant], {
    stdio: ["ignore", devNull, "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as ReadyMessage).port));
    child.once("exit", (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return { child, port };
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve((m as CpuMessage).cpu.user + (m as CpuMessage).cpu.system));
    child.send("cpu");
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

const results = new Map<string, Measured[]>();
const key = (v: Variant, p: Payload): string => `${v}/${p}`;

for (let round = 0; round < rounds; round++) {
  const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
  for (const variant of order) {
    const { child, port } = await startServer(variant);
    try {
      for (const payload of PAYLOADS) {
        const caller = createCaller(variant, payload, port);
        await measure(caller.call, Math.min(2_000, Math.ceil(totals[payload] / 5)), concurrency); // warm-up
        const serverBefore = await serverCpu(child);
        const clientBefore = process.cpuUsage();
        const run = await measure(caller.call, totals[payload], concurrency);
        const clientUsed = process.cpuUsage(clientBefore);
        const serverUsed = (await serverCpu(child)) - serverBefore;
        caller.close();
        const result: Measured = {
          ...run,
          serverCpuUs: serverUsed / totals[payload],
          clientCpuUs: (clientUsed.user + clientUsed.system) / totals[payload],
        };
        results.set(key(variant, payload), [...(results.get(key(variant, payload)) ?? []), result]);
        process.stderr.write(
          `round ${round + 1}/${rounds} ${variant.padEnd(10)} ${payload.padEnd(7)} ${result.callsPerSecond.toFixed(0).padStart(6)} calls/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  cpu/call server ${result.serverCpuUs.toFixed(0)} µs client ${result.clientCpuUs.toFixed(0)} µs\n`,
        );
      }
    } finally {
      await stopServer(child);
    }
  }
}

const summary = (v: Variant, p: Payload): Measured => {
  const runs = results.get(key(v, p)) ?? [];
  return {
    callsPerSecond: median(runs.map((r) => r.callsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    serverCpuUs: median(runs.map((r) => r.serverCpuUs)),
    clientCpuUs: median(runs.map((r) => r.clientCpuUs)),
  };
};
const label: Record<Variant, string> = {
  project: "(a) project client + server",
  "raw-grpcjs": "(b) raw grpc-js client + server",
  connect: "(c) connect-node client + server",
};
const round2 = (n: number): number => Math.round(n * 100) / 100;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const json: Record<string, unknown> = { bench: "transport" };

console.log(`\nTransport benchmark: concurrency ${concurrency}, medians of ${rounds} rounds, server in a child process\n`);
for (const payload of PAYLOADS) {
  const [a, b, c] = VARIANTS.map((v) => summary(v, payload)) as [Measured, Measured, Measured];
  console.log(`### ${payload === "small" ? `GetUser (small), ${totals.small} calls` : `BatchGetProducts (50 products), ${totals.batch50} calls`}\n`);
  console.log("| stack | calls/s | p50 ms | p99 ms | server CPU µs/call | client CPU µs/call |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const v of VARIANTS) {
    const r = summary(v, payload);
    console.log(
      `| ${label[v]} | ${r.callsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.serverCpuUs.toFixed(0)} | ${r.clientCpuUs.toFixed(0)} |`,
    );
  }
  const aOverB = a.callsPerSecond / b.callsPerSecond;
  const aOverC = a.callsPerSecond / c.callsPerSecond;
  const cpu = (m: Measured): number => m.serverCpuUs + m.clientCpuUs;
  console.log(
    `\na/b = ${aOverB.toFixed(3)}, a/c = ${aOverC.toFixed(2)} (calls/s); CPU per call (server + client): a ${cpu(a).toFixed(0)} µs, b ${cpu(b).toFixed(0)} µs, c ${cpu(c).toFixed(0)} µs\n`,
  );
  json[payload] = {
    project_calls_s: Math.round(a.callsPerSecond),
    raw_grpcjs_calls_s: Math.round(b.callsPerSecond),
    connect_calls_s: Math.round(c.callsPerSecond),
    a_over_b: round3(aOverB),
    a_over_c: round3(aOverC),
    cpu_us_per_call: { project: Math.round(cpu(a)), raw_grpcjs: Math.round(cpu(b)), connect: Math.round(cpu(c)) },
    a_over_b_cpu: round3(cpu(b) / cpu(a)),
    a_over_c_cpu: round3(cpu(c) / cpu(a)),
    project_p50_ms: round2(a.p50),
    project_p99_ms: round2(a.p99),
  };
}
console.log(JSON.stringify(json));
