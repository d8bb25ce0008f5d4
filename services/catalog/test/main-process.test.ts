import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { closeClient, createClient } from "@shop/grpc-runtime";
import { createDevPki } from "@shop/grpc-runtime/testing";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { demoId } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";

const serviceDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

describe("catalog main process", () => {
  it("when started with a data dir and its certificate and sent SIGTERM, then it serves the seeded catalog over mTLS and exits 0", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "catalog-main-"));
    const pki = await createDevPki({ identities: ["catalog", "jobs"], dir: join(dataDir, "pki") });
    const child = spawn(tsx, ["src/main.ts"], {
      cwd: serviceDir,
      env: {
        ...process.env,
        ...pki.env("catalog"),
        GRPC_INSECURE: "",
        CATALOG_PORT: "0",
        CATALOG_HEALTH_PORT: "0",
        CATALOG_METRICS_PORT: "0",
        CATALOG_DATA_DIR: dataDir,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const serving = await new Promise<{ address: string; metricsPort: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not serving after 60 s:\n${output}`)), 60_000);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const serving = output.split("\n").find((line) => line.includes('"catalog service serving"'));
          if (serving) {
            clearTimeout(timer);
            resolve(JSON.parse(serving) as { address: string; metricsPort: number });
          }
        });
        child.on("exit", (code) => reject(new Error(`exited early with ${code}:\n${output}`)));
      });
      const client = createClient(CatalogService, serving.address, { tls: pki.tlsIdentity("jobs"), serverName: "catalog" });
      const { product } = await client.getProduct({ id: demoId("product", 0) });
      expect(product?.id).toBe(demoId("product", 0));
      closeClient(client);
      // Metrics on the admin port the process logged: the call just made, and the pool.
      const metrics = await (await fetch(`http://127.0.0.1:${serving.metricsPort}/metrics`)).text();
      expect(metrics).toContain('shop_rpc_server_requests_total{grpc_service="shop.catalog.v1.CatalogService",grpc_method="GetProduct",grpc_code="OK"} 1\n');
      expect(metrics).toContain("shop_db_pool_max_connections 1\n");

      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
