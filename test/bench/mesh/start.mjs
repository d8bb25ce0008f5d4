#!/usr/bin/env node
/**
 * Composes the supergraph from the repository's proto files (mesh.config.ts) and starts Hive
 * Gateway on it. Bench-only tooling.
 *
 * As a command:
 *   node test/bench/mesh/start.mjs --port 4100 \
 *     --users 127.0.0.1:50051 --catalog 127.0.0.1:50052 --orders 127.0.0.1:50053
 * (each flag falls back to MESH_PORT / MESH_USERS_ADDR / MESH_CATALOG_ADDR / MESH_ORDERS_ADDR;
 * `--tls-ca FILE --tls-cert FILE --tls-key FILE` (or MESH_TLS_CA / MESH_TLS_CERT / MESH_TLS_KEY)
 * call the services over mutual TLS with that certificate, e.g. .dev-pki/jobs.pem of `npm start`;
 * port 0 picks a free port; `--jit` for the gateway's graphql-jit execution;
 * `--single-product-lookup` for the unbatched OrderLine.product variant). It prints one
 * JSON line `{"url":…,"pid":…}` when the gateway is ready and stops it on SIGINT/SIGTERM.
 *
 * As a module (for the benchmark harness):
 *   const { startMeshGateway } = await import("./test/bench/mesh/start.mjs");
 *   const gw = await startMeshGateway({ port: 0, users, catalog, orders });
 *   // gw.url = "http://127.0.0.1:PORT/graphql", gw.pid = the gateway process (for CPU/RSS)
 *   await gw.stop();
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const composeBin = join(here, "node_modules/@graphql-mesh/compose-cli/esm/bin.js");
const gatewayBin = join(here, "node_modules/@graphql-hive/gateway/dist/bin.js");

/** The GraphQL document the benchmark sends to the Mesh gateway for the web home page. */
export const WEB_HOME_QUERY = /* GraphQL */ `
  query WebHome($userId: String!) {
    user: shop_users_v1_UserService_GetUser(input: { id: $userId }) {
      user { id display_name avatar_url avatar_thumbnail_url }
    }
    recommendations: shop_catalog_v1_CatalogService_ListRecommendations(
      input: { user_id: $userId, page_size: 20 }
    ) {
      products {
        id name thumbnail_url image_urls average_rating review_count
        price { currency_code amount_minor }
      }
    }
    recentOrders: shop_orders_v1_OrderService_ListOrders(input: { user_id: $userId, page_size: 5 }) {
      orders {
        id status create_time { seconds nanos }
        total { currency_code amount_minor }
        lines {
          quantity
          unit_price { currency_code amount_minor }
          line_total { currency_code amount_minor }
          product { id name thumbnail_url price { currency_code amount_minor } }
        }
      }
    }
  }
`;

/** The same data in the mobile app's slimmer shape (thumbnails, no image lists or line totals). */
export const MOBILE_HOME_QUERY = /* GraphQL */ `
  query MobileHome($userId: String!) {
    user: shop_users_v1_UserService_GetUser(input: { id: $userId }) {
      user { id display_name avatar_thumbnail_url }
    }
    recommendations: shop_catalog_v1_CatalogService_ListRecommendations(
      input: { user_id: $userId, page_size: 20 }
    ) {
      products { id name thumbnail_url average_rating price { currency_code amount_minor } }
    }
    recentOrders: shop_orders_v1_OrderService_ListOrders(input: { user_id: $userId, page_size: 5 }) {
      orders {
        id status total { currency_code amount_minor }
        lines { quantity product { id name thumbnail_url } }
      }
    }
  }
`;

/** Asks the OS for a free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/** Runs a node script to completion; rejects with its output when it fails. */
async function runNode(script, args, env) {
  const child = spawn(process.execPath, [script, ...args], { cwd: here, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${output}`);
  return output;
}

/**
 * Writes the supergraph for the given service addresses to `output` with mesh-compose.
 * `productLookup` "single" composes OrderLine.product over GetProduct (one call per line) instead
 * of the default batched BatchGetProducts. `tls` (absolute paths of PEM files) makes the gateway
 * call the services over mutual TLS with that certificate; without it, plaintext.
 * @param {{ users: string, catalog: string, orders: string, output: string,
 *           productLookup?: "batch" | "single",
 *           tls?: { rootCA: string, certChain: string, privateKey: string } }} targets
 */
export async function composeSupergraph({ users, catalog, orders, output, productLookup = "batch", tls }) {
  await runNode(composeBin, [], {
    ...process.env,
    MESH_USERS_ADDR: users,
    MESH_CATALOG_ADDR: catalog,
    MESH_ORDERS_ADDR: orders,
    MESH_OUTPUT: output,
    MESH_PRODUCT_LOOKUP: productLookup,
    // Set (or emptied) here, so that what this call asks for wins over the caller's environment.
    MESH_TLS_CA: tls?.rootCA ?? "",
    MESH_TLS_CERT: tls?.certChain ?? "",
    MESH_TLS_KEY: tls?.privateKey ?? "",
  });
}

/** Polls the gateway's readiness endpoint until it answers 200 or the time is up. */
async function waitReady(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${baseUrl}/readiness`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`hive-gateway was not ready within ${timeoutMs} ms`);
}

/**
 * Composes the supergraph and starts Hive Gateway (one process, no workers) on it.
 * @param {{ port?: number, host?: string, users: string, catalog: string, orders: string,
 *           readyTimeoutMs?: number, log?: boolean, jit?: boolean,
 *           productLookup?: "batch" | "single", nodeFlags?: string[],
 *           tls?: { rootCA: string, certChain: string, privateKey: string } }} options
 *   port 0 (the default) picks a free port; `log` passes the gateway's output through; `jit`
 *   turns on the gateway's `--jit` (graphql-jit execution; off by default, as in the gateway);
 *   `nodeFlags` are given to the gateway's Node process (and so to its forked worker); `tls`: see
 *   {@link composeSupergraph}.
 * @returns {Promise<{ url: string, port: number, pid: number, supergraphPath: string,
 *           stop: () => Promise<void> }>}
 */
export async function startMeshGateway(options) {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort());
  const workDir = await mkdtemp(join(tmpdir(), "shop-mesh-"));
  const supergraphPath = join(workDir, "supergraph.graphql");
  await composeSupergraph({ ...options, output: supergraphPath });

  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      gatewayBin, "supergraph", supergraphPath, "--host", host, "--port", String(port), "--fork", "1",
      ...(options.jit ? ["--jit"] : []),
    ],
    // cwd is the temporary directory so no stray gateway.config.* file is picked up.
    { cwd: workDir, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk) => {
    if (options.log) process.stderr.write(chunk);
    else if (output.length < 20_000) output += chunk;
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await once(child, "exit");
      clearTimeout(timer);
    }
    await rm(workDir, { recursive: true, force: true });
  };

  const baseUrl = `http://${host}:${port}`;
  try {
    await waitReady(baseUrl, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${output}`);
  }
  return { url: `${baseUrl}/graphql`, port, pid: child.pid, supergraphPath, stop };
}

/** Reads `--name value` flags. */
function flag(argv, name) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** `{ tls }` from --tls-ca/--tls-cert/--tls-key (or MESH_TLS_*), all three or none; `{}` for plaintext. */
function tlsOf(argv) {
  const files = {
    rootCA: flag(argv, "tls-ca") ?? process.env.MESH_TLS_CA,
    certChain: flag(argv, "tls-cert") ?? process.env.MESH_TLS_CERT,
    privateKey: flag(argv, "tls-key") ?? process.env.MESH_TLS_KEY,
  };
  const given = Object.values(files).filter(Boolean).length;
  if (given === 0) return {};
  if (given < 3) throw new Error("--tls-ca, --tls-cert and --tls-key: give all three (mutual TLS) or none (plaintext)");
  return { tls: Object.fromEntries(Object.entries(files).map(([part, file]) => [part, resolve(file)])) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const gateway = await startMeshGateway({
    port: Number(flag(argv, "port") ?? process.env.MESH_PORT ?? 4100),
    users: flag(argv, "users") ?? process.env.MESH_USERS_ADDR ?? "127.0.0.1:50051",
    catalog: flag(argv, "catalog") ?? process.env.MESH_CATALOG_ADDR ?? "127.0.0.1:50052",
    orders: flag(argv, "orders") ?? process.env.MESH_ORDERS_ADDR ?? "127.0.0.1:50053",
    log: true,
    jit: argv.includes("--jit"),
    productLookup: argv.includes("--single-product-lookup") ? "single" : "batch",
    ...tlsOf(argv),
  });
  console.log(JSON.stringify({ url: gateway.url, pid: gateway.pid }));
  const shutdown = () => gateway.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
