import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPostgresDatabase, postgresAvailable, type TestPostgresDatabase } from "@shop/service-host/db";
import { launchSystem, type RunningSystem } from "../../../scripts/launcher/launch-system.js";
import type { ServiceTargets } from "./raw-home.js";
import { RpcCounter } from "./rpc-counter.js";

/** The log level of every process: info, so that the services log one line per call. */
export const BENCH_LOG_LEVEL = "info";

/** Which database the services ran on. */
export type BenchDatabase = "postgres" | "pglite";

/** The whole system started for the benchmark, with the service-side RPC counter on its logs. */
export interface BenchSystem {
  readonly system: RunningSystem;
  readonly db: BenchDatabase;
  readonly targets: ServiceTargets;
  readonly rpcs: RpcCounter;
  /** OS pids of the three domain services. */
  readonly servicePids: readonly number[];
  stop(): Promise<void>;
}

/**
 * Starts users, catalog, orders and both BFFs on free ports: on three fresh, uniquely named
 * PostgreSQL databases when 127.0.0.1:5432 answers (dropped by stop()), else on PGlite in a
 * temporary directory (removed by stop()). Each service seeds the demo data on its first start.
 * Logs at info level: the services' one line per call is what the RPC counter reads.
 */
export async function startBenchSystem(options: { readonly postgres?: boolean } = {}): Promise<BenchSystem> {
  const usePostgres = options.postgres !== false && (await postgresAvailable());
  const databases: TestPostgresDatabase[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), "shop-bench-"));
  const cleanup = async (): Promise<void> => {
    for (const db of databases) await db.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  const rpcs = new RpcCounter();
  try {
    if (usePostgres) {
      for (const name of ["users", "catalog", "orders"] as const) databases.push(await createTestPostgresDatabase({ prefix: `bench_${name}` }));
    }
    const [users, catalog, orders] = databases;
    const system = await launchSystem({
      ports: "free",
      dataDir,
      databaseUrls: usePostgres ? { users: users!.url, catalog: catalog!.url, orders: orders!.url } : {},
      logLevel: BENCH_LOG_LEVEL,
      output: rpcs,
      readyTimeoutMs: 240_000,
    });
    const pids = system.pids();
    const servicePids = [pids.users, pids.catalog, pids.orders].filter((pid): pid is number => pid !== undefined);
    return {
      system,
      db: usePostgres ? "postgres" : "pglite",
      targets: {
        users: `127.0.0.1:${system.ports.users}`,
        catalog: `127.0.0.1:${system.ports.catalog}`,
        orders: `127.0.0.1:${system.ports.orders}`,
      },
      rpcs,
      servicePids,
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
