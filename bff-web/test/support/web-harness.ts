import { randomUUID } from "node:crypto";
import { silentLogger } from "@shop/grpc-runtime";
import { DEFAULT_HTTP_POLICY, DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, type BffConfig } from "@shop/bff-kit";
import { createFakeServices, type FakeServices, type Seed } from "@shop/bff-testing";
import { loadWebConfig } from "../../src/config.js";
import { createWebServer } from "../../src/server.js";

export const TEST_SECRET = "bff-web-test-secret-of-at-least-32-bytes";

/** A BFF config for tests: free port, a fixed secret, the default limits unless overridden. */
export function testConfig(overrides: Partial<BffConfig> = {}): BffConfig {
  return {
    port: 0, host: "127.0.0.1",
    targets: { users: ["127.0.0.1:1"], catalog: ["127.0.0.1:1"], orders: ["127.0.0.1:1"] },
    jwtSecret: TEST_SECRET, jwtSecretGenerated: false, jwtTtlSeconds: 900,
    requestBudgetMs: 2000, shutdownGraceMs: 1000, logLevel: "silent", production: false,
    limits: DEFAULT_LIMITS, readMasks: true, http: DEFAULT_HTTP_POLICY, rateLimits: DEFAULT_RATE_LIMITS,
    // The defaults (tracing off); the telemetry itself is handed to the server, not read from here.
    telemetry: loadWebConfig({}).telemetry,
    // Unused here (the harness hands in-memory clients to the server); what a development process reads.
    grpc: { grpcInsecure: true },
    ...overrides,
  };
}

export interface GraphQLResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface RequestOptions {
  readonly variables?: Record<string, unknown>;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

/** The web BFF over the in-memory services, called in process through yoga's fetch (no sockets). */
export interface WebHarness {
  readonly fakes: FakeServices;
  readonly server: ReturnType<typeof createWebServer>;
  gql(query: string, options?: RequestOptions): Promise<GraphQLResponse>;
  tokenFor(userId: string): Promise<string>;
}

/** The harness over services holding `seed` (default: a slice of the demo data, see `demoSlice`). */
export function webHarness(seed?: Seed, config: Partial<BffConfig> = {}): WebHarness {
  const fakes = createFakeServices(seed);
  const server = createWebServer({ clients: fakes.clients, config: testConfig(config), logger: silentLogger() });
  return {
    fakes,
    server,
    async gql(query, options = {}) {
      await fakes.ready;
      const response = await server.yoga.fetch("http://bff-web.test/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables: options.variables ?? {} }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    tokenFor: async (userId) => (await server.tokens.sign({ userId, sessionId: randomUUID() })).token,
  };
}

/** Error codes by the first element of each error's path ("" for errors without one). */
export function errorCodes(body: { errors?: { path?: (string | number)[]; extensions?: { code?: string } }[] }): string[] {
  return (body.errors ?? []).map((e) => `${(e.path ?? []).join(".")}:${e.extensions?.code ?? "?"}`);
}
