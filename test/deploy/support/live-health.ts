import { spawnSync } from "node:child_process";
import { createClient as createConnectClient, createRouterTransport } from "@connectrpc/connect";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { createBffServer, type BffServer, type ServiceClients } from "@shop/bff-kit";
import { loadMobileConfig } from "@shop/bff-mobile/config";
import { loadWebConfig } from "@shop/bff-web/config";
import { createWebServer } from "@shop/bff-web/server";
import { startCatalogService } from "@shop/catalog/app";
import { loadCatalogConfig } from "@shop/catalog/config";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { loadGrpcTrust, silentLogger } from "@shop/grpc-runtime";
import { startOrdersService } from "@shop/orders/app";
import { loadOrdersConfig } from "@shop/orders/config";
import { startUsersService } from "@shop/users/app";
import { loadUsersConfig } from "@shop/users/config";
import { buildSchema } from "graphql";
import type { DomainServiceName } from "./shop-processes.js";

/**
 * The real servers, started in this process from the configuration a manifest gives them, so the
 * probes can be asked of the code itself: does the gRPC health service know the probe's service
 * name, does the BFF answer the probe's path. A domain service serves mutual TLS with the files its
 * environment names (stand-ins of its mounted Secret) and plaintext health on a second port, as in
 * its pod. Only the listen addresses are moved to free loopback ports, and the database to an
 * address nothing listens on: with migrations off at start (as the Deployments have it) and no
 * seed, a server opens no connection before its first query, and nothing here leaves the machine.
 */

const LOOPBACK = { host: "127.0.0.1", port: 0 } as const;
const NOWHERE_DATABASE = "postgres://nobody@127.0.0.1:9/none";
const NOWHERE_TARGET = "127.0.0.1:9";

export interface RunningForProbe {
  /** `host:port` of a gRPC server, or `http://host:port` of a BFF. */
  readonly address: string;
  stop(): Promise<void>;
}

export interface RunningServiceForProbe extends RunningForProbe {
  /** `host:port` of its plaintext health-only server (the probes' port). */
  readonly healthAddress: string;
}

/**
 * Starts a domain service with its config as loaded from `env` and the gRPC trust its main.ts
 * loads from the files `env` names, on free loopback ports (the main one and the health one).
 */
export async function startDomainServiceFor(name: DomainServiceName, env: Readonly<Record<string, string>>): Promise<RunningServiceForProbe> {
  const local = { ...LOOPBACK, healthPort: 0, databaseUrl: NOWHERE_DATABASE, migrateOnStart: false, seed: false, logger: silentLogger() };
  const withTrust = <C extends Parameters<typeof loadGrpcTrust>[0]>(config: C) => ({ ...config, trust: loadGrpcTrust(config), ...local });
  const running =
    name === "users"
      ? await startUsersService(withTrust(loadUsersConfig({ ...env })))
      : name === "catalog"
        ? await startCatalogService(withTrust(loadCatalogConfig({ ...env })))
        : await startOrdersService({ ...withTrust(loadOrdersConfig({ ...env })), catalogTargets: [NOWHERE_TARGET] });
  if (running.healthPort === undefined) throw new Error(`${name} started without its health port`);
  return { address: running.address, healthAddress: `127.0.0.1:${running.healthPort}`, stop: () => running.stop() };
}

/** Starts a BFF's HTTP server with its config as loaded from `env`, on a free loopback port. */
export async function startBffFor(name: "bff-web" | "bff-mobile", env: Readonly<Record<string, string>>): Promise<RunningForProbe> {
  const logger = silentLogger();
  const clients = idleClients();
  let server: BffServer;
  if (name === "bff-web") {
    server = createWebServer({ clients, config: { ...loadWebConfig(env), ...LOOPBACK }, logger });
  } else {
    // bff-mobile exports no server factory (only ./config); its createMobileServer is the shared
    // createBffServer plus GraphQL plugins, which own no routes, so the health paths are these.
    const config = { ...loadMobileConfig(env), ...LOOPBACK };
    server = createBffServer({ schema: buildSchema("type Query { ok: Boolean }"), clients, config, logger, name, graphiql: false });
  }
  const port = await server.listen();
  return { address: `http://127.0.0.1:${port}`, stop: () => server.close() };
}

/** Clients over a transport with no routes: the health endpoints never call a service. */
function idleClients(): ServiceClients {
  const transport = createRouterTransport(() => {});
  return {
    users: createConnectClient(UserService, transport),
    catalog: createConnectClient(CatalogService, transport),
    orders: createConnectClient(OrderService, transport),
  };
}

const STATUS_NAMES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;

/** A client certificate to call with, and the name the server's certificate must carry (the name a client in the cluster dials). */
export interface TlsCaller {
  readonly caPem: Buffer;
  readonly certPem: Buffer;
  readonly keyPem: Buffer;
  /** e.g. `users`, as `dns:///users:50061` dials it. */
  readonly serverName: string;
}

/**
 * What grpc.health.v1.Health/Check answers for `service` (as the kubelet's gRPC probe asks it, in
 * plaintext; or over mutual TLS as `tls`): `SERVING`, `NOT_SERVING`, … or `error <code>: <details>`
 * (NOT_FOUND = 5 for a name the server does not know, UNAVAILABLE = 14 when no connection is made).
 */
export function grpcHealthCheck(address: string, service: string, options: { readonly timeoutMs?: number; readonly tls?: TlsCaller } = {}): Promise<string> {
  const { timeoutMs = 5_000, tls } = options;
  // HealthCheckRequest { string service = 1; }: tag 0x0a, length, UTF-8 bytes.
  const name = Buffer.from(service, "utf8");
  if (name.length > 127) throw new Error(`service name too long for this one-byte length: ${service}`);
  const request = Buffer.concat([Buffer.from([0x0a, name.length]), name]);
  const client =
    tls === undefined
      ? new Client(address, credentials.createInsecure())
      : new Client(address, credentials.createSsl(tls.caPem, tls.keyPem, tls.certPem), {
          // Dial 127.0.0.1 but check the certificate for the name a client in the cluster dials.
          "grpc.ssl_target_name_override": tls.serverName,
          "grpc.default_authority": tls.serverName,
        });
  return new Promise<string>((resolve) => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (bytes: Buffer) => bytes,
      // HealthCheckResponse { ServingStatus status = 1; }: tag 0x08 then the enum; empty = 0.
      (bytes: Buffer) => (bytes.length >= 2 && bytes[0] === 0x08 ? bytes[1]! : 0),
      request,
      new Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, status) => {
        client.close();
        resolve(error ? `error ${error.code}: ${error.details}` : (STATUS_NAMES[status ?? 0] ?? `status ${status}`));
      },
    );
  });
}

/** The HTTP status of a GET, as the kubelet's HTTP probe sees it (200–399 passes). */
export async function httpProbeStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}

/** Why `node` refuses a NODE_OPTIONS value, or undefined when it starts with it. */
export function nodeOptionsRefusal(nodeOptions: string): string | undefined {
  const run = spawnSync(process.execPath, ["-e", ""], { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions }, encoding: "utf8", timeout: 20_000 });
  return run.status === 0 ? undefined : `exit ${run.status}: ${run.stderr.trim()}`;
}
