import { Code, ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { runWithRequestContext, type Principal } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { beforeEach, describe, expect, it } from "vitest";
import { changePassword } from "../src/change-password.js";
import { userRoutes } from "../src/routes.js";
import { signUp } from "../src/sign-up.js";
import { updateUser } from "../src/update-user.js";
import { createInMemoryUsers, type InMemoryUsers } from "./support/in-memory-users.js";

/** The error a promise rejects with, as a ConnectError; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const PRINCIPALS = {
  /** The web BFF with no end user in the call. */
  bffAnonymous: { caller: "bff-web", via: "mtls", privileged: false, assertsUsers: true },
  /** Another domain service: authenticated, but it neither speaks for users nor is privileged. */
  orders: { caller: "orders", via: "mtls", privileged: false, assertsUsers: false },
  /** An internal job: may act for anyone. */
  jobs: { caller: "jobs", via: "mtls", privileged: true, assertsUsers: false },
} satisfies Record<string, Principal>;

/** The web BFF carrying the verified token of `userId`. */
const bffFor = (userId: string): Principal => ({ caller: "bff-web", via: "mtls", privileged: false, assertsUsers: true, userId });

describe("UpdateUser and ChangePassword act for the verified end user only (use cases, no transport)", () => {
  let t: InMemoryUsers;
  beforeEach(() => {
    t = createInMemoryUsers();
  });
  const register = (password = "old password") =>
    signUp(t.deps, { email: `${newId()}@example.com`, displayName: "Owner", password, client: "web" });

  it("when a user actor updates another user, then PERMISSION_DENIED and the other user is unchanged", async () => {
    const { user: victim } = await register();
    const { user: intruder } = await register();
    const error = await failure(updateUser(t.deps, { kind: "user", userId: intruder.id }, { id: victim.id, displayName: "Pwned" }));
    expect(error.code).toBe(Code.PermissionDenied);
    expect((await t.users.findById(victim.id))?.displayName).toBe("Owner");
  });

  it("when a user actor updates themself, or a privileged actor updates anyone, then the change is stored", async () => {
    const { user } = await register();
    expect((await updateUser(t.deps, { kind: "user", userId: user.id }, { id: user.id, displayName: "Me" })).displayName).toBe("Me");
    expect((await updateUser(t.deps, { kind: "privileged", caller: "jobs" }, { id: user.id, displayName: "Job" })).displayName).toBe("Job");
  });

  it("when a user actor changes another user's password (even knowing it), then PERMISSION_DENIED, the hash and every session stay", async () => {
    const victim = await register("victim password");
    const { user: intruder } = await register();
    const before = await t.users.findById(victim.user.id);
    const error = await failure(
      changePassword(t.deps, { kind: "user", userId: intruder.id }, {
        userId: victim.user.id,
        currentPassword: "victim password",
        newPassword: "taken over now",
        client: "web",
      }),
    );
    expect(error.code).toBe(Code.PermissionDenied);
    expect(await t.users.findById(victim.user.id)).toEqual(before);
    expect(t.sessions.rows.get(victim.session.id)?.revokedAt).toBeNull();
    expect([...t.sessions.rows.values()].filter((s) => s.userId === victim.user.id)).toHaveLength(1);
  });
});

describe("UserService routes and the caller's principal (router transport, principal set as the server would)", () => {
  let t: InMemoryUsers;
  let client: Client<typeof UserService>;
  beforeEach(() => {
    t = createInMemoryUsers();
    client = createClient(UserService, createRouterTransport((router) => router.service(UserService, userRoutes(t.deps))));
  });
  const as = <T>(principal: Principal, call: () => Promise<T>): Promise<T> =>
    runWithRequestContext({ requestId: newId(), principal, caller: principal.caller }, call);
  const signUpRequest = () => ({ email: `${newId()}@example.com`, displayName: "Caller Test", password: "a good password", client: "web" });

  it("when another domain service calls the methods that speak for end users, then each is PERMISSION_DENIED and nothing is written", async () => {
    const { refreshToken, user } = await as(PRINCIPALS.bffAnonymous, () => client.signUp(signUpRequest()));
    const calls: (() => Promise<unknown>)[] = [
      () => client.signUp(signUpRequest()),
      () => client.createUser({ email: `${newId()}@example.com`, displayName: "X", password: "a good password" }),
      () => client.signIn({ email: user!.email, password: "a good password", client: "web" }),
      () => client.verifyCredentials({ email: user!.email, password: "a good password" }),
      () => client.refreshSession({ refreshToken }),
      () => client.revokeSession({ refreshToken }),
    ];
    for (const call of calls) expect((await failure(as(PRINCIPALS.orders, call))).code).toBe(Code.PermissionDenied);
    expect(await t.users.count()).toBe(1);
    expect([...t.sessions.rows.values()].map((s) => s.revokedAt)).toEqual([null]);
    // The BFF may, and an internal job may too.
    expect((await as(PRINCIPALS.bffAnonymous, () => client.refreshSession({ refreshToken }))).session?.userId).toBe(user!.id);
    expect((await as(PRINCIPALS.jobs, () => client.verifyCredentials({ email: user!.email, password: "a good password" }))).user?.id).toBe(user!.id);
  });

  it("when the BFF carries user A's token and asks to update or re-password user B, then PERMISSION_DENIED; for A it works", async () => {
    const a = await as(PRINCIPALS.bffAnonymous, () => client.signUp(signUpRequest()));
    const b = await as(PRINCIPALS.bffAnonymous, () => client.signUp(signUpRequest()));
    const asA = bffFor(a.user!.id);
    expect((await failure(as(asA, () => client.updateUser({ id: b.user!.id, displayName: "Pwned" })))).code).toBe(Code.PermissionDenied);
    const repassword = () => client.changePassword({ userId: b.user!.id, currentPassword: "a good password", newPassword: "mine now!", client: "web" });
    expect((await failure(as(asA, repassword))).code).toBe(Code.PermissionDenied);
    expect((await t.users.findById(b.user!.id))?.displayName).toBe("Caller Test");
    expect((await as(asA, () => client.updateUser({ id: a.user!.id, displayName: "Still A" }))).user?.displayName).toBe("Still A");
  });

  it("when the BFF sends no user token to a user-scoped method, then PERMISSION_DENIED; an internal job may act for any user", async () => {
    const { user } = await as(PRINCIPALS.bffAnonymous, () => client.signUp(signUpRequest()));
    expect((await failure(as(PRINCIPALS.bffAnonymous, () => client.updateUser({ id: user!.id, displayName: "Nobody" })))).code).toBe(
      Code.PermissionDenied,
    );
    expect((await as(PRINCIPALS.jobs, () => client.updateUser({ id: user!.id, displayName: "By a job" }))).user?.displayName).toBe("By a job");
  });
});
