import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPostgresDatabase, postgresAvailable, type TestPostgresDatabase } from "@shop/service-host/db";
import { launchSystem, type RunningSystem } from "../../../scripts/launcher/launch-system.js";
import { startOtlpSink, type OtlpSink } from "./otlp-sink.js";
import type { ServiceTargets } from "./raw-home.js";
import { RpcCounter } from "./rpc-counter.js";
import { serviceTracingEnv } from "./tracing-settings.js";

/** The log level of every process: info, so that the services log one line per call. */
export const BENCH_LOG_LEVEL = "info";

/** Which database the services ran on. */
export type BenchDatabase = "postgres" | "pglite";

/** The whole system started for the benchmark, with the service-side RPC counter on its logs. */
export interface BenchSystem {
  readonly system: RunningSystem;
  readonly db: BenchDatabase;
  /** How the processes authenticate each other (`system.transport`). */
  readonly trust: RunningSystem["transport"];
  readonly targets: ServiceTargets;
  readonly rpcs: RpcCounter;
  /** OS pids of the three domain services. */
  readonly servicePids: readonly number[];
  /** The OTLP receiver the services (and the traced peers) export to; only when tracing was asked for. */
  readonly sink?: OtlpSink;
  stop(): Promise<void>;
}

/** How to start the benchmark's system. */
export interface BenchSystemOptions {
  /** Use PostgreSQL when 127.0.0.1:5432 answers. @default true */
  readonly postgres?: boolean;
  /**
   * Run an OTLP sink and give the three services its endpoint (`serviceTracingEnv`), for the
   * traced bff-web peers; the launched bff-web and bff-mobile still trace nothing. @default false
   */
  readonly tracing?: boolean;
  /**
   * Plaintext gRPC between the processes (the launcher's `insecure`: callers by `x-caller`,
   * unsigned user tokens), to compare with the default mutual TLS. @default false
   */
  readonly insecure?: boolean;
}

/**
 * Runs `launch` with `vars` added to this process's environment, which the launcher hands to
 * every child it spawns meanwhile; the previous values are put back afterwards.
 */
async function withEnvironment<T>(vars: Readonly<Record<string, string>>, launch: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await launch();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * Starts users, catalog, orders and both BFFs on free ports: on three fresh, uniquely named
 * PostgreSQL databases when 127.0.0.1:5432 answers (dropped by stop()), else on PGlite in a
 * temporary directory (removed by stop()). Each service seeds the demo data on its first start.
 * Logs at info level: the services' one line per call is what the RPC counter reads.
 *
 * With `tracing`, the services export spans to a sink of the bench's own. The launcher gives each
 * child this process's environment, with no way to set it per process, so the system starts with
 * the services' tracing variables set for all five, and the two BFFs are then restarted without
 * them: bff-web (a) and bff-mobile run with tracing off, as built.
 */
export async function startBenchSystem(options: BenchSystemOptions = {}): Promise<BenchSystem> {
  const usePostgres = options.postgres !== false && (await postgresAvailable());
  const databases: TestPostgresDatabase[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), "shop-bench-"));
  let sink: OtlpSink | undefined;
  const cleanup = async (): Promise<void> => {
    for (const db of databases) await db.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    await sink?.close();
  };
  const rpcs = new RpcCounter();
  try {
    if (usePostgres) {
      for (const name of ["users", "catalog", "orders"] as const) databases.push(await createTestPostgresDatabase({ prefix: `bench_${name}` }));
    }
    const [users, catalog, orders] = databases;
    if (options.tracing) sink = await startOtlpSink();
    const launch = () =>
      launchSystem({
        ports: "free",
        dataDir,
        databaseUrls: usePostgres ? { users: users!.url, catalog: catalog!.url, orders: orders!.url } : {},
        logLevel: BENCH_LOG_LEVEL,
        output: rpcs,
        readyTimeoutMs: 240_000,
        insecure: options.insecure === true,
      });
    const system = sink === undefined ? await launch() : await withEnvironment(serviceTracingEnv(sink.url), launch);
    if (sink !== undefined) {
      try {
        for (const bff of ["bff-web", "bff-mobile"] as const) {
          await system.stopProcess(bff);
          await system.startProcess(bff);
        }
      } catch (error) {
        await system.stop();
        throw error;
      }
    }
    const pids = system.pids();
    const servicePids = [pids.users, pids.catalog, pids.orders].filter((pid): pid is number => pid !== undefined);
    return {
      system,
      db: usePostgres ? "postgres" : "pglite",
      trust: system.transport,
      targets: {
        users: `127.0.0.1:${system.ports.users}`,
        catalog: `127.0.0.1:${system.ports.catalog}`,
        orders: `127.0.0.1:${system.ports.orders}`,
      },
      rpcs,
      servicePids,
      ...(sink === undefined ? {} : { sink }),
      stop: async () => {
        await system.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    const tail = rpcs.recentLines().slice(-30).join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlast log lines:\n${tail}`);
  }
}
