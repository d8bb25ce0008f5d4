import { randomUUID } from "node:crypto";
import { DEFAULT_LIMITS, type BffServer } from "@shop/bff-kit";
import { createFakeServices, type FakeServices, type Seed } from "@shop/bff-testing";
import { silentLogger, type Logger, type Telemetry } from "@shop/grpc-runtime";
import { createMobileServer } from "../src/server.js";

/** A test secret (HS256 needs 32 bytes or more). */
export const TEST_SECRET = "bff-mobile-test-secret-0123456789abcdef";

/** The mobile BFF over the in-memory services, driven in-process through `yoga.fetch`. */
export interface MobileHarness {
  readonly server: BffServer;
  readonly fakes: FakeServices;
  /** POSTs a GraphQL request body; answers status, headers and the parsed JSON body. */
  post(body: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Sends a raw request to a path of the server. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A valid bearer token for a user id. */
  tokenFor(userId: string): Promise<string>;
  close(): Promise<void>;
}

/** What one GraphQL response held. */
export interface GraphQLResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    readonly data?: Record<string, any> | null;
    readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
  };
}

export interface HarnessOptions {
  /** What the services hold at start. @default demoSlice() (user 0 is the demo login) */
  readonly seed?: Seed;
  /** @default false (development) */
  readonly trustedDocumentsOnly?: boolean;
  /** @default 2000 */
  readonly requestBudgetMs?: number;
  /** Released app versions' operations. @default the package's operations/released */
  readonly releasedDir?: string;
  /** @default [] */
  readonly retiredAppVersions?: readonly string[];
  /** @default silent */
  readonly logger?: Logger;
  /** Send read masks (MOBILE_READ_MASKS). @default true */
  readonly readMasks?: boolean;
  /** Where the operations' spans and metrics go. @default none */
  readonly telemetry?: Telemetry;
}

export async function startHarness(options: HarnessOptions = {}): Promise<MobileHarness> {
  const fakes = createFakeServices(options.seed);
  await fakes.ready;
  const server = await createMobileServer({
    clients: fakes.clients,
    logger: options.logger ?? silentLogger(),
    trustedDocumentsOnly: options.trustedDocumentsOnly ?? false,
    releasedDir: options.releasedDir,
    retiredAppVersions: options.retiredAppVersions,
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    config: {
      port: 0,
      host: "127.0.0.1",
      jwtSecret: TEST_SECRET,
      jwtTtlSeconds: 900,
      requestBudgetMs: options.requestBudgetMs ?? 2000,
      shutdownGraceMs: 1000,
      limits: DEFAULT_LIMITS,
      production: false,
      readMasks: options.readMasks ?? true,
    },
  });
  const fetchPath = (path: string, init?: RequestInit) =>
    Promise.resolve(server.yoga.fetch(new Request(`http://mobile.test${path}`, init)));
  return {
    server,
    fakes,
    fetch: fetchPath,
    async post(body, headers = {}) {
      const response = await fetchPath("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    tokenFor: async (userId) => (await server.tokens.sign({ userId, sessionId: randomUUID() })).token,
    close: () => server.close(),
  };
}

/** The Authorization header of a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
