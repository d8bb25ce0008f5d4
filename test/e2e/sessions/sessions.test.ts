import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2eSystem, type E2eSystem } from "../support/e2e-system.js";
import { postGraphql } from "../support/graphql-client.js";
import { freshKey } from "../support/web-order-flow.js";
import {
  expectMobileAccessRevoked,
  expectMobileRefreshRefused,
  mobileOperation,
  mobileSignIn,
  placeMobileOrderOfAnyProduct,
} from "./mobile-session-client.js";
import {
  codesOf,
  expectWebAccessRevoked,
  expectWebRefreshRefused,
  placeWebOrderOfAnyProduct,
  WEB,
  webSignIn,
  webViewer,
} from "./web-session-client.js";

/**
 * Accounts and sessions end to end: the five processes as `npm start` runs them (real gRPC between
 * them, real HTTP in front), the mobile BFF on its trusted documents only. For each BFF: sign up →
 * use (viewer, place an order) → refresh → the spent refresh token again (refused, and the family
 * with it) → logout (access and refresh token refused); a password change ends the user's other
 * sessions while the changing client goes on with its new one. Then hostile inputs.
 */

let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;

beforeAll(async () => {
  e2e = await startE2eSystem({ mobileTrustedDocumentsOnly: true });
}, 420_000);

afterAll(async () => {
  await e2e?.close();
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state === "fail" && e2e) console.error(`Last log lines of the system:\n${e2e.logTail(80)}`);
});

function urls() {
  if (!e2e) throw new Error("the system did not start");
  return { web: e2e.system.webUrl, mobile: e2e.system.mobileUrl };
}

const uniqueEmail = (who: string) => `e2e-${who}-${process.pid}-${Date.now()}@shop.test`;

describe.sequential("web: accounts and sessions through real HTTP and gRPC", () => {
  const email = uniqueEmail("web");
  const password = "web-password-1";

  it("when a visitor signs up, uses the site, refreshes, and replays the spent refresh token, then the replay ends the whole family", async () => {
    const { web } = urls();
    const signedUp = await postGraphql(web, { query: WEB.signUp, variables: { input: { email, displayName: "Web Shopper", password } } });
    expect(signedUp.body.errors, JSON.stringify(signedUp.body.errors)).toBeUndefined();
    const first = signedUp.body.data.signUp;
    expect(first).toMatchObject({ __typename: "Session", viewer: { displayName: "Web Shopper", email } });

    expect((await webViewer(web, first.accessToken)).body.data.viewer).toEqual({ displayName: "Web Shopper", email });
    const order = await placeWebOrderOfAnyProduct(web, first.accessToken, freshKey("web-session"));
    expect(order.status).toBe("PLACED");

    const refreshed = await postGraphql(web, { query: WEB.refresh, variables: { refreshToken: first.refreshToken } });
    expect(refreshed.body.errors, JSON.stringify(refreshed.body.errors)).toBeUndefined();
    const second = refreshed.body.data.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.viewer).toEqual({ displayName: "Web Shopper", email });
    expect((await webViewer(web, second.accessToken)).body.data.viewer.email).toBe(email);

    await expectWebRefreshRefused(web, first.refreshToken);
    await expectWebRefreshRefused(web, second.refreshToken);
  }, 120_000);

  it("when a signed-in client logs out, then its access token and its refresh token are both refused, and logout again still answers true", async () => {
    const { web } = urls();
    const session = await webSignIn(web, email, password);
    const out = await postGraphql(web, { query: WEB.logout, variables: { refreshToken: session.refreshToken } }, session.accessToken);
    expect(out.body).toEqual({ data: { logout: true } });
    await expectWebAccessRevoked(web, session.accessToken);
    await expectWebRefreshRefused(web, session.refreshToken);
    expect((await postGraphql(web, { query: WEB.logout, variables: { refreshToken: session.refreshToken } })).body).toEqual({ data: { logout: true } });
  }, 60_000);

  it("when the password is changed on one client, then the other client's access and refresh tokens are refused and the changing client goes on with its new session", async () => {
    const { web } = urls();
    const other = await webSignIn(web, email, password);
    const mine = await webSignIn(web, email, password);
    const changed = await postGraphql(web, { query: WEB.changePassword, variables: { input: { currentPassword: password, newPassword: "web-password-2" } } }, mine.accessToken);
    expect(changed.body.errors, JSON.stringify(changed.body.errors)).toBeUndefined();
    const next = changed.body.data.changePassword;
    expect(next.__typename).toBe("Session");

    await expectWebAccessRevoked(web, other.accessToken);
    await expectWebRefreshRefused(web, other.refreshToken);
    await expectWebAccessRevoked(web, mine.accessToken);
    expect((await webViewer(web, next.accessToken)).body.data.viewer.email).toBe(email);
    const renewed = await postGraphql(web, { query: WEB.refresh, variables: { refreshToken: next.refreshToken } });
    expect(renewed.body.errors).toBeUndefined();
    const profile = await postGraphql(web, { query: WEB.updateProfile, variables: { input: { displayName: "Web Shopper 2" } } }, renewed.body.data.refreshSession.accessToken);
    expect(profile.body.data.updateProfile).toEqual({ __typename: "User", displayName: "Web Shopper 2", avatarUrl: null });
    await expect(webSignIn(web, email, "web-password-2")).resolves.toMatchObject({ accessToken: expect.any(String) });
  }, 60_000);
});

describe.sequential("mobile: accounts and sessions through its trusted documents", () => {
  const email = uniqueEmail("mobile");
  const password = "mobile-password-1";

  it("when the app signs up, uses it, refreshes, and replays the spent refresh token, then the replay ends the whole family", async () => {
    const { mobile } = urls();
    const signedUp = await mobileOperation(mobile, "SignUp", { input: { email, name: "App User", password } });
    expect(signedUp.body.errors, JSON.stringify(signedUp.body.errors)).toBeUndefined();
    const first = signedUp.body.data.signUp;
    expect(first).toMatchObject({ __typename: "Session", user: { name: "App User" } });

    const home = await mobileOperation(mobile, "Home", {}, first.token);
    expect(home.body.errors).toBeUndefined();
    expect(home.body.data.home.user.name).toBe("App User");
    expect((await placeMobileOrderOfAnyProduct(mobile, first.token, freshKey("mobile-session"))).status).toBe("PLACED");

    const refreshed = await mobileOperation(mobile, "RefreshSession", { refreshToken: first.refreshToken });
    expect(refreshed.body.errors, JSON.stringify(refreshed.body.errors)).toBeUndefined();
    const second = refreshed.body.data.refreshSession;
    expect((await mobileOperation(mobile, "Orders", { first: 5 }, second.token)).body.data.orders.nodes).toHaveLength(1);

    await expectMobileRefreshRefused(mobile, first.refreshToken);
    await expectMobileRefreshRefused(mobile, second.refreshToken);
  }, 120_000);

  it("when the app logs out, then its token and refresh token are both refused", async () => {
    const { mobile } = urls();
    const session = await mobileSignIn(mobile, email, password);
    expect((await mobileOperation(mobile, "Logout", { refreshToken: session.refreshToken }, session.token)).body).toEqual({ data: { logout: true } });
    await expectMobileAccessRevoked(mobile, session.token);
    await expectMobileRefreshRefused(mobile, session.refreshToken);
  }, 60_000);

  it("when the password is changed on one device, then the other device is signed out and this one goes on with its new session", async () => {
    const { mobile } = urls();
    const tablet = await mobileSignIn(mobile, email, password);
    const phone = await mobileSignIn(mobile, email, password);
    const changed = await mobileOperation(mobile, "ChangePassword", { input: { currentPassword: password, newPassword: "mobile-password-2" } }, phone.token);
    expect(changed.body.errors, JSON.stringify(changed.body.errors)).toBeUndefined();
    const next = changed.body.data.changePassword;
    expect(next.__typename).toBe("Session");

    await expectMobileAccessRevoked(mobile, tablet.token);
    await expectMobileRefreshRefused(mobile, tablet.refreshToken);
    const home = await mobileOperation(mobile, "Home", {}, next.token);
    expect(home.body.errors).toBeUndefined();
    const profile = await mobileOperation(mobile, "UpdateProfile", { input: { name: "App User 2" } }, next.token);
    expect(profile.body.data.updateProfile).toMatchObject({ __typename: "User", name: "App User 2" });
  }, 60_000);
});

describe("hostile inputs on the session mutations", () => {
  it("when login and signUp get a huge email and password, then they are refused with clear codes and the system stays up", async () => {
    const { web, mobile } = urls();
    const huge = { email: `${"a".repeat(20_000)}@shop.test`, password: "p".repeat(20_000) };
    const login = await postGraphql(web, { query: WEB.login, variables: huge });
    expect(codesOf(login)).toEqual(["UNAUTHENTICATED"]);
    const signUp = await postGraphql(web, { query: WEB.signUp, variables: { input: { ...huge, displayName: "x".repeat(1_000) } } });
    expect(signUp.body.data.signUp).toMatchObject({ __typename: "InvalidInputError", fieldPaths: ["input.email", "input.displayName", "input.password"] });
    const mobileSignUp = await mobileOperation(mobile, "SignUp", { input: { ...huge, name: "x" } });
    expect(mobileSignUp.body.data.signUp).toMatchObject({ __typename: "InvalidInputError" });
    const tooBig = await postGraphql(web, { query: WEB.login, variables: { email: "a@b.co", password: "p".repeat(200_000) } });
    expect(tooBig.status).toBe(413);
  }, 60_000);

  it("when refreshSession and logout get garbage tokens, then refresh is UNAUTHENTICATED and logout BAD_USER_INPUT, on both BFFs", async () => {
    const { web, mobile } = urls();
    for (const garbage of ["", "null", "a.b.c", "0190f5b4-7c2a-7000-8000-000000000001.", `0190f5b4-7c2a-7000-8000-000000000001.${"A".repeat(43)}`, "x".repeat(10_000)]) {
      await expectWebRefreshRefused(web, garbage);
      await expectMobileRefreshRefused(mobile, garbage);
    }
    const logout = await postGraphql(web, { query: WEB.logout, variables: { refreshToken: "x".repeat(10_000) } });
    expect(codesOf(logout)).toEqual(["BAD_USER_INPUT"]);
  }, 60_000);

  it("when variables have the wrong types, then the request is refused with 400 and a validation message, on both BFFs", async () => {
    const { web, mobile } = urls();
    const cases = [
      await postGraphql(web, { query: WEB.refresh, variables: { refreshToken: 42 } }),
      await postGraphql(web, { query: WEB.signUp, variables: { input: { email: ["a"], displayName: "A", password: "password-1" } } }),
      await postGraphql(web, { query: WEB.login, variables: { email: { $gt: "" }, password: "x" } }),
      await mobileOperation(mobile, "RefreshSession", { refreshToken: { nested: true } }),
      await mobileOperation(mobile, "ChangePassword", { input: { currentPassword: 1, newPassword: 2 } }, "not-a-token"),
    ];
    for (const answer of cases) {
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.message).toMatch(/^Variable "\$\w+" got invalid value/);
    }
  }, 60_000);

  it("when all this is over, then no process has crashed", () => {
    expect(e2e?.crashes).toEqual([]);
  });
});
