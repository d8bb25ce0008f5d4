import { DEMO_LOGIN } from "@shop/service-host/demo";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChangePasswordDocument,
  HomeDocument,
  LoginDocument,
  LogoutDocument,
  RefreshSessionDocument,
  SignUpDocument,
  UpdateProfileDocument,
  type TypedOperation,
} from "../src/generated/operations.js";
import { bearer, startHarness, type GraphQLResponse, type MobileHarness } from "./harness.js";

let harness: MobileHarness;
beforeEach(async () => {
  harness = await startHarness({ trustedDocumentsOnly: true });
});
afterEach(() => harness.close());

/** Sends a trusted document by hash only, as the app does in production. */
function send<R, V>(operation: TypedOperation<R, V>, variables: V, token?: string): Promise<GraphQLResponse> {
  return harness.post(
    { operationName: operation.operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.sha256Hash } } },
    token ? bearer(token) : {},
  );
}

async function login(): Promise<{ token: string; refreshToken: string }> {
  const { body } = await send(LoginDocument, DEMO_LOGIN);
  expect(body.errors).toBeUndefined();
  return body.data!["login"];
}

const codes = (response: GraphQLResponse) => response.body.errors?.map((e) => e.extensions?.["code"]);

describe("mobile sessions through the trusted documents", () => {
  it("when the app signs up, then the compact Session carries both tokens and the user, and opens the home screen", async () => {
    const { body } = await send(SignUpDocument, { input: { email: "grace@shop.test", name: "Grace", password: "grace-password" } });
    expect(body.errors).toBeUndefined();
    const session = body.data!["signUp"];
    expect(session).toMatchObject({ __typename: "Session", user: { name: "Grace", avatarThumbnailUrl: null } });
    expect(Date.parse(session.refreshExpiresAt)).toBeGreaterThan(Date.parse(session.expiresAt));
    const home = await send(HomeDocument, {}, session.token);
    expect(home.body.data?.["home"].user).toEqual({ name: "Grace", avatarThumbnailUrl: null });
  });

  it("when sign-up is refused, then the mobile field names are used (input.name) and a taken email is EmailTakenError", async () => {
    const invalid = await send(SignUpDocument, { input: { email: "grace@shop.test", name: " ", password: "grace-password" } });
    expect(invalid.body.data?.["signUp"]).toMatchObject({ __typename: "InvalidInputError", violations: [{ field: "input.name" }] });
    const taken = await send(SignUpDocument, { input: { email: DEMO_LOGIN.email, name: "Again", password: "grace-password" } });
    expect(taken.body.data?.["signUp"].__typename).toBe("EmailTakenError");
  });

  it("when the app refreshes, then a new pair comes back; the spent refresh token is UNAUTHENTICATED and ends the family", async () => {
    const first = await login();
    const refreshed = await send(RefreshSessionDocument, { refreshToken: first.refreshToken });
    expect(refreshed.body.errors).toBeUndefined();
    const next = refreshed.body.data!["refreshSession"];
    expect((await send(HomeDocument, {}, next.token)).body.errors).toBeUndefined();
    const reused = await send(RefreshSessionDocument, { refreshToken: first.refreshToken });
    expect(reused.body.data).toEqual({ refreshSession: null });
    expect(codes(reused)).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await send(RefreshSessionDocument, { refreshToken: next.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("when the app logs out, then its token is refused as revoked and its refresh token is dead", async () => {
    const session = await login();
    expect((await send(LogoutDocument, { refreshToken: session.refreshToken }, session.token)).body).toEqual({ data: { logout: true } });
    const home = await send(HomeDocument, {}, session.token);
    expect(home.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
    expect(codes(await send(RefreshSessionDocument, { refreshToken: session.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("when the password is changed on one device, then the other device is signed out and this one continues with the new session", async () => {
    const phone = await login();
    const tablet = await login();
    const wrong = await send(ChangePasswordDocument, { input: { currentPassword: "nope-nope", newPassword: "new-password-1" } }, phone.token);
    expect(wrong.body.data?.["changePassword"].__typename).toBe("WrongPasswordError");
    const changed = await send(ChangePasswordDocument, { input: { currentPassword: DEMO_LOGIN.password, newPassword: "new-password-1" } }, phone.token);
    const session = changed.body.data?.["changePassword"];
    expect(session.__typename).toBe("Session");
    expect((await send(HomeDocument, {}, tablet.token)).body.errors?.[0]?.extensions?.["reason"]).toBe("revoked");
    expect((await send(HomeDocument, {}, phone.token)).body.errors?.[0]?.extensions?.["reason"]).toBe("revoked");
    expect((await send(HomeDocument, {}, session.token)).body.errors).toBeUndefined();
    expect((await send(LoginDocument, { email: DEMO_LOGIN.email, password: "new-password-1" })).body.errors).toBeUndefined();
  });

  it("when the profile is updated, then the user comes back with the new name; a bad name is InvalidInputError at input.name", async () => {
    const session = await login();
    const updated = await send(UpdateProfileDocument, { input: { name: "Demo Renamed" } }, session.token);
    expect(updated.body.data?.["updateProfile"]).toEqual({ __typename: "User", name: "Demo Renamed", avatarThumbnailUrl: expect.anything() });
    const refused = await send(UpdateProfileDocument, { input: { name: "x".repeat(101) } }, session.token);
    expect(refused.body.data?.["updateProfile"]).toMatchObject({ __typename: "InvalidInputError", violations: [{ field: "input.name" }] });
    expect(codes(await send(UpdateProfileDocument, { input: { name: "Anon" } }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("when variables have the wrong types, then the trusted document is refused with 400 and no service is called", async () => {
    for (const response of [
      await send(RefreshSessionDocument, { refreshToken: 42 as unknown as string }),
      await send(SignUpDocument, { input: { email: "a@b.co", name: "A", password: { no: 1 } as unknown as string } }),
    ]) {
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
    }
    expect(harness.fakes.calls.count()).toBe(0);
  });
});
