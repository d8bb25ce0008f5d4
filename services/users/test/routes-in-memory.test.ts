import { createClient, createRouterTransport } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { userRoutes } from "../src/routes.js";
import { createInMemoryUsers } from "./support/in-memory-users.js";
import { describeUserServiceBehaviour } from "./support/user-service-behaviour.js";

describeUserServiceBehaviour("UserService routes in memory (fake repositories, no sockets)", async () => {
  const { deps, users } = createInMemoryUsers();
  const transport = createRouterTransport((router) => router.service(UserService, userRoutes(deps)));
  return {
    client: createClient(UserService, transport),
    passwordHashOf: async (email) => (await users.findByEmail(email))?.passwordHash,
    stop: async () => {},
  };
});
