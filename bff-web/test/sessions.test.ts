import { describe, expect, it } from "vitest";
import { shopData, userId } from "./support/shop-data.js";
import { errorCodes, webHarness, type WebHarness } from "./support/web-harness.js";

const SESSION_FIELDS = "accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt viewer { displayName email }";
const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) {
  __typename
  ... on Session { ${SESSION_FIELDS} }
  ... on EmailTakenError { message }
  ... on InvalidInputError { message fieldPaths }
} }`;
const LOGIN = "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt refreshToken refreshTokenExpiresAt viewer { displayName } } }";
const REFRESH = `mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { ${SESSION_FIELDS} } }`;
const LOGOUT = "mutation Logout($token: String!) { logout(refreshToken: $token) }";
const CHANGE_PASSWORD = `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) {
  __typename
  ... on Session { accessToken refreshToken }
  ... on WrongPasswordError { message }
  ... on InvalidInputError { fieldPaths }
} }`;
const UPDATE_PROFILE = `mutation Update($input: UpdateProfileInput!) { updateProfile(input: $input) {
  __typename
  ... on User { displayName avatarUrl }
  ... on InvalidInputError { fieldPaths }
} }`;
const VIEWER = "{ viewer { displayName } }";

async function login(harness: WebHarness): Promise<{ token: string; refreshToken: string }> {
  const { body } = await harness.gql(LOGIN, { variables: { email: "ada@shop.test", password: "ada-password" } });
  expect(body.errors).toBeUndefined();
  return body.data.login;
}

function newHarness(): WebHarness {
  return webHarness(shopData({ orders: 1, linesPerOrder: 1, products: 5 }));
}

describe("web sessions", () => {
  it("when someone signs up, then the Session result carries both tokens, their expiries and the viewer, and the access token signs requests in", async () => {
    const harness = newHarness();
    const { body } = await harness.gql(SIGN_UP, { variables: { input: { email: "grace@shop.test", displayName: "Grace", password: "grace-password" } } });
    expect(body.errors).toBeUndefined();
    const session = body.data.signUp;
    expect(session).toMatchObject({ __typename: "Session", viewer: { displayName: "Grace", email: "grace@shop.test" } });
    expect(Date.parse(session.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(Date.parse(session.refreshTokenExpiresAt)).toBeGreaterThan(Date.parse(session.accessTokenExpiresAt));
    const me = await harness.gql(VIEWER, { token: session.accessToken });
    expect(me.body.data.viewer).toEqual({ displayName: "Grace" });
  });

  it("when the email is taken or the input refused, then signUp answers EmailTakenError or InvalidInputError with field paths", async () => {
    const harness = newHarness();
    const taken = await harness.gql(SIGN_UP, { variables: { input: { email: "ADA@shop.test", displayName: "Ada 2", password: "password-2" } } });
    expect(taken.body.data.signUp).toEqual({ __typename: "EmailTakenError", message: "An account with this email already exists: sign in instead." });
    const invalid = await harness.gql(SIGN_UP, { variables: { input: { email: "nope", displayName: "", password: "short" } } });
    expect(invalid.body.data.signUp.__typename).toBe("InvalidInputError");
    expect([...invalid.body.data.signUp.fieldPaths].sort()).toEqual(["input.displayName", "input.email", "input.password"]);
  });

  it("when login succeeds, then it keeps its old fields and adds the refresh token and its expiry", async () => {
    const harness = newHarness();
    const { body } = await harness.gql(LOGIN, { variables: { email: "ada@shop.test", password: "ada-password" } });
    expect(body.errors).toBeUndefined();
    expect(body.data.login).toMatchObject({ viewer: { displayName: "Ada" } });
    expect(body.data.login.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.data.login.refreshTokenExpiresAt)).toBeGreaterThan(Date.parse(body.data.login.expiresAt));
  });

  it("when a refresh token is traded twice, then the first trade answers a new session and the second is UNAUTHENTICATED and ends the family", async () => {
    const harness = newHarness();
    const first = await login(harness);
    const refreshed = await harness.gql(REFRESH, { variables: { token: first.refreshToken } });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data.refreshSession.viewer).toEqual({ displayName: "Ada", email: "ada@shop.test" });
    const next = refreshed.body.data.refreshSession;
    expect((await harness.gql(VIEWER, { token: next.accessToken })).body.data.viewer).toEqual({ displayName: "Ada" });

    const reused = await harness.gql(REFRESH, { variables: { token: first.refreshToken } });
    expect(errorCodes(reused.body)).toEqual(["refreshSession:UNAUTHENTICATED"]);
    const afterReuse = await harness.gql(REFRESH, { variables: { token: next.refreshToken } });
    expect(errorCodes(afterReuse.body)).toEqual(["refreshSession:UNAUTHENTICATED"]);
  });

  it("when a client logs out, then its access token is refused as revoked and its refresh token no longer works; logging out again is still true", async () => {
    const harness = newHarness();
    const session = await login(harness);
    const out = await harness.gql(LOGOUT, { token: session.token, variables: { token: session.refreshToken } });
    expect(out.body).toEqual({ data: { logout: true } });
    const me = await harness.gql(VIEWER, { token: session.token });
    expect(me.body.errors[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
    expect(errorCodes((await harness.gql(REFRESH, { variables: { token: session.refreshToken } })).body)).toEqual(["refreshSession:UNAUTHENTICATED"]);
    expect((await harness.gql(LOGOUT, { variables: { token: session.refreshToken } })).body).toEqual({ data: { logout: true } });
  });

  it("when the password is changed, then the other session is refused at once and the Session returned works", async () => {
    const harness = newHarness();
    const other = await login(harness);
    const mine = await login(harness);
    const wrong = await harness.gql(CHANGE_PASSWORD, { token: mine.token, variables: { input: { currentPassword: "guess", newPassword: "new-password-1" } } });
    expect(wrong.body.data.changePassword).toEqual({ __typename: "WrongPasswordError", message: "The current password is not correct." });
    const weak = await harness.gql(CHANGE_PASSWORD, { token: mine.token, variables: { input: { currentPassword: "ada-password", newPassword: "short" } } });
    expect(weak.body.data.changePassword).toEqual({ __typename: "InvalidInputError", fieldPaths: ["input.newPassword"] });

    const changed = await harness.gql(CHANGE_PASSWORD, { token: mine.token, variables: { input: { currentPassword: "ada-password", newPassword: "new-password-1" } } });
    expect(changed.body.data.changePassword.__typename).toBe("Session");
    expect((await harness.gql(VIEWER, { token: other.token })).body.errors[0].extensions.reason).toBe("revoked");
    expect(errorCodes((await harness.gql(REFRESH, { variables: { token: other.refreshToken } })).body)).toEqual(["refreshSession:UNAUTHENTICATED"]);
    expect((await harness.gql(VIEWER, { token: changed.body.data.changePassword.accessToken })).body.data.viewer).toEqual({ displayName: "Ada" });
  });

  it("when the profile is updated, then the User comes back changed; refused input is InvalidInputError; without a token it is UNAUTHENTICATED", async () => {
    const harness = newHarness();
    const token = await harness.tokenFor(userId(1));
    const updated = await harness.gql(UPDATE_PROFILE, { token, variables: { input: { displayName: "Ada L.", avatarUrl: "https://img.shop.test/ada-2.png" } } });
    expect(updated.body.data.updateProfile).toEqual({ __typename: "User", displayName: "Ada L.", avatarUrl: "https://img.shop.test/ada-2.png" });
    const refused = await harness.gql(UPDATE_PROFILE, { token, variables: { input: { avatarUrl: "ftp://img.shop.test/a.png" } } });
    expect(refused.body.data.updateProfile).toEqual({ __typename: "InvalidInputError", fieldPaths: ["input.avatarUrl"] });
    const anonymous = await harness.gql(UPDATE_PROFILE, { variables: { input: { displayName: "X" } } });
    expect(errorCodes(anonymous.body)).toEqual(["updateProfile:UNAUTHENTICATED"]);
  });

  it("when arguments have the wrong type or are missing, then the operation is refused by validation and no service is called", async () => {
    const harness = newHarness();
    for (const [query, variables] of [
      [REFRESH, { token: 12345 }],
      [REFRESH, {}],
      [SIGN_UP, { input: { email: "a@b.co", displayName: "A", password: ["not", "a", "string"] } }],
      [LOGOUT, { token: { nested: true } }],
    ] as const) {
      const { status, body } = await harness.gql(query, { variables });
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors.length).toBeGreaterThan(0);
    }
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a variable's refused value is huge, then the error quoting it stays short", async () => {
    const harness = newHarness();
    const { status, body } = await harness.gql("query P($n: Int) { products(first: $n) { edges { cursor } } }", { variables: { n: "9".repeat(20_000) } });
    expect(status).toBe(400);
    expect(body.errors[0].message.length).toBeLessThanOrEqual(301);
    expect(body.errors[0].message).toMatch(/^Variable "\$n" got invalid value/);
  });

  it("when refresh or logout get garbage tokens, then refresh is UNAUTHENTICATED and logout BAD_USER_INPUT, with no call", async () => {
    const harness = newHarness();
    for (const garbage of ["", "garbage", "x".repeat(20_000), "0190f5b4-7c2a-7000-8000-000000000001.short"]) {
      expect(errorCodes((await harness.gql(REFRESH, { variables: { token: garbage } })).body)).toEqual(["refreshSession:UNAUTHENTICATED"]);
      expect(errorCodes((await harness.gql(LOGOUT, { variables: { token: garbage } })).body)).toEqual(["logout:BAD_USER_INPUT"]);
    }
    expect(harness.fakes.calls.count("users")).toBe(0);
  });
});
