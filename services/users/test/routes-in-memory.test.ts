import { createClient, createRouterTransport } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { newId } from "@shop/grpc-runtime/ids";
import { createPasswordHasher } from "../src/domain/password-hasher.js";
import { userRoutes } from "../src/routes.js";
import { createInMemoryUserRepository } from "./support/in-memory-user-repository.js";
import { describeUserServiceBehaviour } from "./support/user-service-behaviour.js";

describeUserServiceBehaviour("UserService routes in memory (fake repository, no sockets)", async () => {
  const users = createInMemoryUserRepository();
  const deps = { users, passwords: createPasswordHasher({ N: 1024, r: 8, p: 1 }), now: () => new Date(), newId: () => newId() };
  const transport = createRouterTransport((router) => router.service(UserService, userRoutes(deps)));
  return {
    client: createClient(UserService, transport),
    passwordHashOf: async (email) => (await users.findByEmail(email))?.passwordHash,
    stop: async () => {},
  };
});
