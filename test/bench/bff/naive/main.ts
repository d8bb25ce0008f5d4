// The naive BFF process (benchmark peer b): bff-web's schema, single-get RPCs, no DataLoader.
import { createServer } from "node:http";
import { createClient, createLogger, loadClientTrust } from "@shop/grpc-runtime";
import { callOptionsFor, createTokenService, startDeadline } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createYoga } from "graphql-yoga";
import { loadNaiveConfig } from "./naive-config.js";
import type { NaiveContext } from "./naive-resolvers.js";
import { buildNaiveSchema } from "./naive-schema.js";

const config = loadNaiveConfig(process.env);
const logger = createLogger("bff-naive", { level: "warn" });
// The naive BFF stands in for bff-web and calls as bff-web: with its certificate (the benchmark
// passes bff-web's files), each call's end user as an x-user-token signed with that key, exactly as
// bff-web does (callOptionsFor sets the END_USER, the transport signs it). It thereby pays what
// bff-web pays for trust; acting as the privileged `jobs` would skip the tokens and flatter it.
const { tls, userTokens } = loadClientTrust(config, logger);
const caller = "bff-web";
const clientOptions = (serverName: string) => ({ caller, tls, userTokens, ...(tls === undefined ? {} : { serverName }) });
const clients = {
  users: createClient(UserService, config.usersTargets, clientOptions("users")),
  catalog: createClient(CatalogService, config.catalogTargets, clientOptions("catalog")),
  orders: createClient(OrderService, config.ordersTargets, clientOptions("orders")),
};
const tokens = createTokenService({ secret: config.jwtSecret });

const yoga = createYoga<Record<string, unknown>, NaiveContext>({
  schema: buildNaiveSchema(),
  graphiql: false,
  landingPage: false,
  logging: false,
  context: async ({ request }): Promise<NaiveContext> => {
    const auth = await tokens.authenticate(request.headers.get("authorization"));
    const viewer = auth.kind === "viewer" ? auth.viewer : null;
    const deadline = startDeadline(config.requestBudgetMs);
    const requestId = crypto.randomUUID();
    const scope = { requestId, caller, deadline, ...(viewer ? { userId: viewer.userId } : {}) };
    return { clients, tokens, auth, viewer, callOptions: () => callOptionsFor(scope) };
  },
});

const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // The benchmark reads this line to learn the port.
  console.log(JSON.stringify({ listening: `http://${config.host}:${port}/graphql`, pid: process.pid }));
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
