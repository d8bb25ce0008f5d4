import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { describe, expect, it } from "vitest";
import {
  currentActor,
  currentPrincipal,
  currentRequestContext,
  endUserValues,
  fieldViolationsOf,
  notFoundIdsOf,
  requireActingFor,
  service,
  verifyUserToken,
} from "../../src/index.js";
import { createTestTransport, createTestTransportAs, endUserTransport } from "../../src/testing/index.js";
import { ALICE, fakeUsers } from "./fake-users.js";

describe("in-memory test transport", () => {
  const client = createClient(UserService, createTestTransport(service(UserService, fakeUsers())));

  it("when a handler answers, then the in-memory client gets the message", async () => {
    expect((await client.getUser({ id: ALICE.id })).user?.displayName).toBe("Alice");
  });

  it("when a handler throws domain errors, then code and details arrive as over a socket", async () => {
    const missing = await client.getUser({ id: "x" }).catch((e: unknown) => e);
    expect((missing as ConnectError).code).toBe(Code.NotFound);
    expect(notFoundIdsOf(missing)).toEqual(["x"]);
    const invalid = await client.createUser({ email: "x", password: "12345678", displayName: "n" }).catch((e: unknown) => e);
    expect(fieldViolationsOf(invalid)).toEqual([{ field: "email", description: "must be an email address" }]);
  });

  it("when a handler throws a plain Error, then INTERNAL with a generic message", async () => {
    const err = await client.createUser({ email: "c@x.io", password: "12345678", displayName: "boom" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Internal);
    expect((err as ConnectError).rawMessage).toBe("internal error");
  });

  it("when headers carry a request id, then the handler sees it as its request context", async () => {
    let seen: string | undefined;
    const probe = createClient(
      UserService,
      createTestTransport(
        service(UserService, {
          getUser() {
            seen = currentRequestContext()?.requestId;
            return {};
          },
        }),
      ),
    );
    await probe.getUser({ id: "1" }, { headers: { "x-request-id": "abc" } });
    expect(seen).toBe("abc");
  });
});

describe("in-memory test transport as a principal", () => {
  const principal = { caller: "bff-web", via: "mtls" as const, userId: ALICE.id, privileged: false, assertsUsers: true };
  // GetUser that only the user themself may read: the owner check of a user-scoped method.
  const ownUser = service(UserService, {
    getUser(req) {
      requireActingFor(currentActor(), req.id);
      return { user: { ...ALICE, id: req.id } };
    },
  });

  it("when calls are served as a BFF acting for one user, then the handler sees that principal and the owner check refuses other users", async () => {
    let seen: unknown;
    const client = createClient(UserService, createTestTransportAs(principal, service(UserService, { getUser: () => ((seen = { principal: currentPrincipal(), caller: currentRequestContext()?.caller }), {}) })));
    await client.getUser({ id: ALICE.id });
    expect(seen).toEqual({ principal, caller: "bff-web" });
    const owned = createClient(UserService, createTestTransportAs(principal, ownUser));
    expect((await owned.getUser({ id: ALICE.id })).user?.id).toBe(ALICE.id);
    await expect(owned.getUser({ id: "someone-else" })).rejects.toMatchObject({ code: Code.PermissionDenied });
  });

  it("when calls are served without a principal, then the actor is privileged (no owner check applies)", async () => {
    const client = createClient(UserService, createTestTransport(ownUser));
    expect((await client.getUser({ id: "someone-else" })).user?.id).toBe("someone-else");
  });
});

describe("in-memory transport with end users", () => {
  it("when a call carries an END_USER, then it arrives as an unsigned x-user-token of that user; a token the caller set wins; none without a user", async () => {
    const tokens: (string | null)[] = [];
    const client = createClient(
      UserService,
      endUserTransport(createTestTransport(service(UserService, { getUser: (_req, ctx) => (tokens.push(ctx.requestHeader.get("x-user-token")), {}) }))),
    );
    await client.getUser({ id: ALICE.id }, { contextValues: endUserValues(ALICE.id) });
    await client.getUser({ id: ALICE.id }, { contextValues: endUserValues(ALICE.id), headers: { "x-user-token": "explicit." } });
    await client.getUser({ id: ALICE.id });
    expect(verifyUserToken(tokens[0]!, "unsigned", Math.floor(Date.now() / 1000)).sub).toBe(ALICE.id);
    expect(tokens.slice(1)).toEqual(["explicit.", null]);
  });
});
