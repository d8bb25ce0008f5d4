import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { describe, expect, it } from "vitest";
import { currentRequestContext, fieldViolationsOf, notFoundIdsOf, service } from "../../src/index.js";
import { createTestTransport } from "../../src/testing/index.js";
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
