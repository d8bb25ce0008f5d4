import { readFileSync } from "node:fs";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import type { BenchSystem } from "./bench-system.js";
import { graphqlOperation, postGraphql, type Operation } from "./load-generator.js";
import { startNaiveBff, startWebBff, type BffProcess } from "./bff-process.js";
import { LOGIN_MUTATION, MOBILE_HOME_VARIABLES, WEB_HOME_QUERY } from "./queries.js";
import { missingHomeFields, rawHomeOperation } from "./raw-home.js";
import { TRACED_PEER_KEYS, TRACED_PEER_RATIOS, tracedBffEnv } from "./tracing-settings.js";
import { NODE_FLAGS } from "../../../scripts/launcher/node-flags.js";
import type { TrustPlan } from "../../../scripts/launcher/system-processes.js";
import type { MeshTls } from "../mesh/start.mjs";

/**
 * The columns of the benchmark: the peers of the web home page (bff-web as built, a second
 * bff-web that sends no read masks, one as the image runs it, two that record traces), plus
 * bff-mobile's home.
 */
export const PEER_KEYS = ["bff", "bffNoMasks", "bffProduction", "bffTrace01", "bffTrace1", "naive", "mesh", "raw", "mobile"] as const;
export type PeerKey = (typeof PEER_KEYS)[number];

export const PEER_LABELS: Record<PeerKey, string> = {
  bff: "(a) bff-web",
  bffNoMasks: "(a′) bff-web, read masks off",
  bffProduction: "(a″) bff-web, production settings",
  bffTrace01: "(t0.1) bff-web, tracing 0.1",
  bffTrace1: "(t1) bff-web, tracing 1.0",
  naive: "(b) naive BFF",
  mesh: "(c) Mesh / Hive Gateway",
  raw: "(d) raw gRPC fan-out",
  mobile: "bff-mobile home",
};

/** One peer ready to be measured. */
export interface Peer {
  readonly key: PeerKey;
  /** The GraphQL server process whose CPU and RSS are read; none for raw (no gateway). */
  readonly gatewayPid?: number;
  readonly run: Operation;
  /** Bytes of one response body (HTTP peers). */
  readonly responseBytes?: number;
  close(): Promise<void>;
}

/** What starting the peers gave: those that run, and why the others could not. */
export interface StartedPeers {
  readonly peers: Peer[];
  readonly failures: Partial<Record<PeerKey, string>>;
}

const MOBILE_HOME_HASH = mobileHomeHash();

function mobileHomeHash(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../../bff-mobile/operations/manifest.json", import.meta.url), "utf8")) as {
    operations: { id: string; name: string }[];
  };
  const home = manifest.operations.find((op) => op.name === "Home");
  if (!home) throw new Error("bff-mobile's manifest has no Home operation");
  return home.id;
}

/** Throws unless the home page answer has the user, 20 recommendations, 5 orders and every line's product. */
function checkHome(
  label: string,
  user: unknown,
  recommendations: readonly unknown[] | undefined,
  orders: readonly { readonly lines?: readonly { readonly product: unknown }[] }[] | undefined,
  withLines: boolean,
): void {
  const problems: string[] = [];
  if (!user) problems.push("no user");
  if (recommendations?.length !== 20) problems.push(`${recommendations?.length ?? 0} recommendations, not 20`);
  if (orders?.length !== 5) problems.push(`${orders?.length ?? 0} recent orders, not 5`);
  if (withLines && orders?.some((o) => !o.lines?.length || o.lines.some((l) => !l.product))) problems.push("an order line without its product");
  if (problems.length > 0) throw new Error(`${label}: ${problems.join("; ")}`);
}

/** Sends the operation once, checks the data and returns the body's size. */
async function verify(label: string, url: string, body: unknown, headers: Record<string, string>, check: (data: any) => void): Promise<number> {
  const answer = await postGraphql(url, body, headers);
  const parsed = JSON.parse(answer.text) as { data?: unknown; errors?: unknown };
  if (answer.status !== 200 || parsed.errors) throw new Error(`${label}: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
  check(parsed.data);
  return answer.bytes;
}

async function httpPeer(key: PeerKey, url: string, body: unknown, headers: Record<string, string>, gatewayPid: number, check: (data: any) => void, stop?: () => Promise<void>): Promise<Peer> {
  const responseBytes = await verify(PEER_LABELS[key], url, body, headers, check);
  const operation = graphqlOperation(url, body, headers);
  return {
    key,
    gatewayPid,
    run: operation.run,
    responseBytes,
    close: async () => {
      operation.close();
      await stop?.();
    },
  };
}

/** Logs in as the demo user on bff-web; the token works on both BFFs and the naive one (shared secret). */
export async function demoToken(webUrl: string): Promise<string> {
  const answer = await postGraphql(webUrl, { query: LOGIN_MUTATION, variables: DEMO_LOGIN });
  const token = (JSON.parse(answer.text) as { data?: { login?: { token?: string } } }).data?.login?.token;
  if (!token) throw new Error(`login on bff-web failed: ${answer.text.slice(0, 300)}`);
  return token;
}

/** A peer over a GraphQL server the benchmark started itself; the server is stopped if the check fails. */
async function processPeer(key: PeerKey, server: BffProcess, body: unknown, headers: Record<string, string>, check: (data: any) => void): Promise<Peer> {
  try {
    return await httpPeer(key, server.url, body, headers, server.pid, check, server.stop);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Mesh's mutual TLS under an mTLS launch: the `jobs` identity, a privileged caller that may act
 * for any user. Mesh cannot sign the shop's end-user tokens (the services would need a plugin of
 * ours in the gateway), so a gateway like it is deployed as a trusted internal caller; it pays
 * for TLS but not for tokens. None in a plaintext launch.
 */
function meshTls(trust: TrustPlan): { tls?: MeshTls } {
  if (trust.mode !== "mtls") return {};
  const files = trust.files("jobs");
  return { tls: { rootCA: files.caFile, certChain: files.certFile, privateKey: files.keyFile } };
}

/** Which optional peers to run. */
export interface PeerOptions {
  /** bff-mobile's home. */
  readonly mobile: boolean;
  /** (a′): a second bff-web with `WEB_READ_MASKS=off`. */
  readonly masksOff: boolean;
  /**
   * (a″): a bff-web as the image runs it (`NODE_ENV=production`, these `NODE_OPTIONS`, none of the
   * launcher's Node flags); undefined = not run.
   */
  readonly productionNodeOptions: string | undefined;
  /** A release folder whose built bff-web (a″) runs; undefined = from source with tsx. */
  readonly productionRelease?: string | undefined;
  /**
   * The OTLP endpoint of the traced bff-webs (t0.1, t1: the sampling ratio in their key);
   * undefined = they are not run.
   */
  readonly tracesEndpoint?: string | undefined;
  /** Start only these peers (bff-web (a) is always reached: it gives the login and the reference page). @default all */
  readonly only?: readonly PeerKey[] | undefined;
}

/** Starts (or connects) every peer on the same running system. A peer that fails is reported, the others go on. */
export async function startPeers(bench: BenchSystem, options: PeerOptions): Promise<StartedPeers> {
  const { system, targets } = bench;
  const userId = demoUser(0).id;
  const token = await demoToken(system.webUrl);
  const auth = { authorization: `Bearer ${token}` };
  const pids = system.pids();
  const peers: Peer[] = [];
  const failures: Partial<Record<PeerKey, string>> = {};
  const webCheck = (label: string) => (data: any) =>
    checkHome(label, data?.homePage?.viewer, data?.homePage?.recommendations, data?.homePage?.recentOrders, true);

  const attempt = async (key: PeerKey, start: () => Promise<Peer>): Promise<void> => {
    if (key !== "bff" && options.only !== undefined && !options.only.includes(key)) return;
    try {
      peers.push(await start());
    } catch (error) {
      failures[key] = error instanceof Error ? error.message : String(error);
    }
  };

  // Read masks may change what the services send, never the page: (a′) must answer exactly as (a).
  let webAnswer: string | undefined;
  await attempt("bff", () => httpPeer("bff", system.webUrl, { query: WEB_HOME_QUERY }, auth, pids["bff-web"]!, (data) => {
    webCheck("bff-web")(data);
    webAnswer = JSON.stringify(data);
  }));
  if (options.masksOff) {
    await attempt("bffNoMasks", async () =>
      processPeer("bffNoMasks", await startWebBff(bench, { WEB_READ_MASKS: "off" }), { query: WEB_HOME_QUERY }, auth, (data) => {
        webCheck("bff-web, read masks off")(data);
        if (webAnswer !== undefined && JSON.stringify(data) !== webAnswer) throw new Error("bff-web, read masks off: its home page differs from bff-web's with masks");
      }));
  }
  if (options.productionNodeOptions !== undefined) {
    const env = { NODE_ENV: "production", NODE_OPTIONS: options.productionNodeOptions };
    await attempt("bffProduction", async () =>
      processPeer("bffProduction", await startWebBff(bench, env, { nodeFlags: [], ...(options.productionRelease === undefined ? {} : { release: options.productionRelease }) }), { query: WEB_HOME_QUERY }, auth, (data) => {
        webCheck("bff-web, production settings")(data);
        if (webAnswer !== undefined && JSON.stringify(data) !== webAnswer) throw new Error("bff-web, production settings: its home page differs from bff-web's");
      }));
  }
  const { tracesEndpoint } = options;
  if (tracesEndpoint !== undefined) {
    for (const key of TRACED_PEER_KEYS) {
      const ratio = TRACED_PEER_RATIOS[key];
      await attempt(key, async () =>
        processPeer(key, await startWebBff(bench, tracedBffEnv(tracesEndpoint, ratio)), { query: WEB_HOME_QUERY }, auth, (data) => {
          webCheck(PEER_LABELS[key])(data);
          if (webAnswer !== undefined && JSON.stringify(data) !== webAnswer) throw new Error(`${PEER_LABELS[key]}: its home page differs from bff-web's`);
        }));
    }
  }
  await attempt("naive", async () => processPeer("naive", await startNaiveBff(bench), { query: WEB_HOME_QUERY }, auth, webCheck("naive BFF")));
  await attempt("mesh", async () => {
    let mesh: typeof import("../mesh/start.mjs");
    try {
      mesh = await import("../mesh/start.mjs");
    } catch (error) {
      throw new Error(`cannot load test/bench/mesh (run \`npm ci --prefix test/bench/mesh\`): ${error instanceof Error ? error.message : String(error)}`);
    }
    const gateway = await mesh.startMeshGateway({ port: 0, ...targets, nodeFlags: [...NODE_FLAGS], ...meshTls(system.trust) });
    return processPeer("mesh", gateway, { query: mesh.WEB_HOME_QUERY, variables: { userId } }, {}, (data) =>
      checkHome("Mesh", data?.user?.user, data?.recommendations?.products, data?.recentOrders?.orders, true));
  });
  await attempt("raw", async () => {
    // As bff-web, with its certificate and signed end-user tokens: the fair comparison with (a).
    const raw = rawHomeOperation(targets, userId, system.clientTls("bff-web"));
    try {
      const home = await raw.load();
      checkHome("raw gRPC", home.user, home.recommendations, home.orders, true);
      const missing = missingHomeFields(home);
      if (missing.length > 0) throw new Error(`raw gRPC: the answer lacks ${missing.length} field(s) of the page: ${missing.slice(0, 5).join(", ")}`);
    } catch (error) {
      raw.close();
      throw error;
    }
    return { key: "raw", run: raw.run, close: async () => raw.close() };
  });
  if (options.mobile) {
    const body = { operationName: "Home", variables: MOBILE_HOME_VARIABLES, extensions: { persistedQuery: { version: 1, sha256Hash: MOBILE_HOME_HASH } } };
    await attempt("mobile", () => httpPeer("mobile", system.mobileUrl, body, auth, pids["bff-mobile"]!, (data) =>
      checkHome("bff-mobile", data?.home?.user, data?.home?.recommendations, data?.home?.recentOrders, false)));
  }
  return { peers, failures };
}
