import { createTestPostgresDatabase, postgresAvailable, type TestPostgresDatabase } from "@shop/service-host/db";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceName } from "../../scripts/launcher/system-processes.js";
import { startE2eSystem, type E2eSystem } from "./support/e2e-system.js";
import { postGraphql } from "./support/graphql-client.js";
import { expectNoErrors, runWebOrderFlow } from "./support/web-order-flow.js";

/**
 * The web order flow again, with every service on the real PostgreSQL at 127.0.0.1:5432: one fresh
 * database per service (migrated and seeded by the service on its first start), dropped after.
 * Skipped, with the reason printed, when no server answers.
 */

const SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const available = await postgresAvailable(SERVER);
if (!available) console.warn(`e2e (PostgreSQL): skipped, no PostgreSQL server answers at ${SERVER}`);

const databases: TestPostgresDatabase[] = [];
let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
const started = Date.now();

describe.skipIf(!available).sequential("the whole system through HTTP (PostgreSQL)", () => {
  beforeAll(async () => {
    const urls: Partial<Record<ServiceName, string>> = {};
    for (const service of ["users", "catalog", "orders"] as const) {
      const database = await createTestPostgresDatabase({ serverUrl: SERVER, prefix: `e2e_${service}` });
      databases.push(database);
      urls[service] = database.url;
    }
    e2e = await startE2eSystem({ databaseUrls: urls });
    console.log(`e2e (PostgreSQL): system up in ${((Date.now() - started) / 1000).toFixed(1)} s on ${databases.map((d) => d.name).join(", ")}`);
  }, 420_000);

  afterAll(async () => {
    try {
      await e2e?.close();
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
      console.log(`e2e (PostgreSQL): file done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }, 120_000);

  afterEach((context) => {
    if (context.task.result?.state === "fail" && e2e) console.error(`Last log lines of the system:\n${e2e.logTail(80)}`);
  });

  it("when the services run on PostgreSQL, then the BFF reports each of them ready", async () => {
    const response = await fetch(e2e!.system.webUrl.replace(/\/graphql$/, "/health/downstream"));
    expect(response.status).toBe(200);
  });

  it("when the demo user orders on web with an idempotency key, retries and cancels, then one order is placed first in recentOrders, the stock goes down once and comes back", async () => {
    const flow = await runWebOrderFlow(e2e!.system.webUrl);
    const node = await postGraphql(e2e!.system.webUrl, { query: `{ node(id: "${flow.orderId}") { ... on Order { status itemCount } } }` }, flow.token);
    expectNoErrors(node);
    expect(node.body.data.node).toEqual({ status: "CANCELLED", itemCount: 3 });
    expect(e2e!.crashes).toEqual([]);
  }, 180_000);
});
