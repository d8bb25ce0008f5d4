import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { UserService } from "@shop/contracts/users/v1";
import { afterEach, describe, expect, it } from "vitest";
import { service, startGrpcServer, type GrpcServer } from "../../src/index.js";
import { startTestDnsServer, type TestDnsServer } from "./dns-server.js";

/**
 * A `dns:///name:port` target the way a Kubernetes headless Service is reached: pods share a port
 * and differ by IP (here 127.0.0.1, .2 and .3), the name resolves to all of them, and the set
 * changes as pods come and go. The client runs in a child process because grpc-js reads
 * GRPC_NODE_USE_ALTERNATIVE_RESOLVER (use the DNS server named in the target) when it loads.
 */

const clientFixture = fileURLToPath(new URL("./fixtures/dns-client.ts", import.meta.url));
const NAME = "users.shop.test";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pod(host: string, port: number): Promise<GrpcServer> {
  const server = await startGrpcServer({
    services: [service(UserService, { getUser: (req) => ({ user: { id: req.id, displayName: host } }) })],
    host,
    port,
    serving: true,
    shutdownGraceMs: 2_000,
  });
  cleanups.push(() => server.shutdown());
  return server;
}

/** The client child and what it reported: answers per pod IP over the last `windowMs`, and every failure. */
function startClient(dns: TestDnsServer, port: number): { child: ChildProcess; answersSince: (since: number) => Record<string, number>; failures: string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", clientFixture, `dns://${dns.address}/${NAME}:${port}`, "300"], {
    env: { ...process.env, GRPC_NODE_USE_ALTERNATIVE_RESOLVER: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(() => child.kill("SIGKILL"));
  const reports: { at: number; by: Record<string, number> }[] = [];
  const failures: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const report = JSON.parse(line) as { by: Record<string, number>; failures: string[] };
    reports.push({ at: Date.now(), by: report.by });
    failures.push(...report.failures);
  });
  const answersSince = (since: number): Record<string, number> => {
    const total: Record<string, number> = {};
    for (const report of reports.filter((r) => r.at >= since)) {
      for (const [host, count] of Object.entries(report.by)) total[host] = (total[host] ?? 0) + count;
    }
    return total;
  };
  return { child, answersSince, failures };
}

async function until(what: string, check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a dns:/// target", () => {
  it("when the name resolves to several pods, then calls are balanced over all; a pod added is used soon, a pod removed (drained) costs nothing", async () => {
    const first = await pod("127.0.0.1", 0);
    const port = first.port;
    const second = await pod("127.0.0.2", port);
    await pod("127.0.0.3", port);
    const dns = await startTestDnsServer(NAME, ["127.0.0.1", "127.0.0.2"]);
    cleanups.push(() => dns.close());
    const client = startClient(dns, port);

    // Two pods: both answer, in about equal shares; the third is unknown to DNS, so unused.
    await until("both pods answer", () => Object.keys(client.answersSince(0)).length === 2);
    let since = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    const two = client.answersSince(since);
    expect(Object.keys(two).sort()).toEqual(["127.0.0.1", "127.0.0.2"]);
    expect(Math.abs(two["127.0.0.1"]! - two["127.0.0.2"]!)).toBeLessThanOrEqual(0.2 * (two["127.0.0.1"]! + two["127.0.0.2"]!));

    // Scale-up: the client resolves again on its own (every 300 ms here) and spreads onto the new pod.
    dns.setAddresses(["127.0.0.1", "127.0.0.2", "127.0.0.3"]);
    since = Date.now();
    await until("the added pod answers", () => client.answersSince(since)["127.0.0.3"] !== undefined);

    // Scale-down: the pod leaves DNS and drains; its calls move to the others without a failure.
    dns.setAddresses(["127.0.0.2", "127.0.0.3"]);
    await first.shutdown();
    since = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    expect(Object.keys(client.answersSince(since)).sort()).toEqual(["127.0.0.2", "127.0.0.3"]);
    expect(second.port).toBe(port);
    expect(client.failures).toEqual([]);
    expect(dns.queries()).toBeGreaterThan(2);
  }, 30_000);
});
