import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { closeClient, createClient, type ClientOptions } from "@shop/grpc-runtime";
import { createDevPki, type DevPki } from "@shop/grpc-runtime/testing";
import { OrderService, OrderStatus } from "@shop/contracts/orders/v1";
import { DEMO_ORDER_COUNT, demoOrder } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";

const serviceDir = fileURLToPath(new URL("..", import.meta.url));
const tsxBin = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly address: string;
  /** The JSON log lines written until SERVING. */
  readonly lines: Record<string, unknown>[];
}

/** Runs `src/main.ts` (what `npm start` runs) on a data dir with its certificate of `pki` and waits for its "serving" log line. */
function startMain(dataDir: string, pki: DevPki): Promise<Started> {
  const child = spawn(tsxBin, ["src/main.ts"], {
    cwd: serviceDir,
    env: {
      ...process.env,
      ...pki.env("orders"),
      GRPC_INSECURE: "",
      ORDERS_PORT: "0",
      ORDERS_HEALTH_PORT: "0",
      ORDERS_METRICS_PORT: "0",
      ORDERS_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      CATALOG_TARGETS: "127.0.0.1:1",
    },
    stdio: "pipe",
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    let consumed = 0;
    const lines: Record<string, unknown>[] = [];
    const timer = setTimeout(() => reject(new Error(`orders did not serve within 90 s:\n${buffered}`)), 90_000);
    child.stderr.on("data", (chunk: Buffer) => (buffered += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split("\n").slice(0, -1);
      for (const text of complete.slice(consumed)) {
        consumed++;
        if (!text.startsWith("{")) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === "orders service serving") {
          clearTimeout(timer);
          resolve({ child, address: String(line.address), lines });
        }
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`orders exited with ${code} before serving:\n${buffered}`));
    });
  });
}

async function stopWithSigterm(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

describe("orders main process", () => {
  it("when started on an empty data dir, then it seeds the demo orders, serves them, exits 0 on SIGTERM and keeps them across a restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "orders-main-"));
    const pki = await createDevPki({ identities: ["orders", "jobs"], dir: join(dataDir, "pki") });
    // Read as the privileged job over mTLS: any user's order, as an internal caller may.
    const asJob: ClientOptions = { retry: false, tls: pki.tlsIdentity("jobs"), serverName: "orders" };
    const started: Started[] = [];
    try {
      const startedAt = performance.now();
      const first = await startMain(dataDir, pki);
      started.push(first);
      const firstStartMs = performance.now() - startedAt;
      const seeded = first.lines.find((line) => line.msg === "demo data seeded");
      expect(seeded?.inserted).toBe(DEMO_ORDER_COUNT);
      expect(firstStartMs).toBeLessThan(60_000);
      console.info(`orders first start (PGlite, ${DEMO_ORDER_COUNT} orders seeded in ${String(seeded?.ms)} ms): ${Math.round(firstStartMs)} ms`);

      const demo = demoOrder(123);
      let client = createClient(OrderService, first.address, asJob);
      const { order } = await client.getOrder({ id: demo.id });
      expect(order?.userId).toBe(demo.userId);
      expect(order?.lines.map((l) => l.productId)).toEqual(demo.lines.map((l) => l.productId));
      expect(OrderStatus[order!.status]).toBe(demo.status);
      closeClient(client);
      const metricsPort = first.lines.find((line) => line.msg === "orders service serving")?.metricsPort;
      const metrics = await (await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`)).text();
      expect(metrics).toContain('shop_rpc_server_requests_total{grpc_service="shop.orders.v1.OrderService",grpc_method="GetOrder",grpc_code="OK"} 1\n');
      expect(await stopWithSigterm(first.child)).toBe(0);

      const second = await startMain(dataDir, pki);
      started.push(second);
      expect(second.lines.find((line) => line.msg === "demo data already present")?.inserted).toBe(0);
      client = createClient(OrderService, second.address, asJob);
      expect((await client.getOrder({ id: demo.id })).order?.id).toBe(demo.id);
      closeClient(client);
      expect(await stopWithSigterm(second.child)).toBe(0);
    } finally {
      for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 200_000);
});
