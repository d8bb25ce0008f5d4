import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HomeDocument } from "../src/generated/operations.js";
import { bearer, startHarness, TEST_SECRET, type MobileHarness } from "./harness.js";

let harness: MobileHarness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(() => harness.close());

async function token(secret: string, claims: { sub: string; exp: number }): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer("shop-bff")
    .setAudience("shop-clients")
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(secret));
}

const LOGIN = `mutation L($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt user { name avatarThumbnailUrl } }
}`;

describe("authentication", () => {
  it("when the demo user logs in, then the token opens their home screen", async () => {
    const login = await harness.post({ query: LOGIN, variables: DEMO_LOGIN });
    expect(login.body.errors).toBeUndefined();
    const { token: issued, expiresAt, user } = login.body.data?.login;
    expect(user.name).toBe("Demo Shopper");
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const home = await harness.post({ query: HomeDocument.document }, bearer(issued));
    expect(home.body.errors).toBeUndefined();
    expect(home.body.data?.home.user.name).toBe("Demo Shopper");
  });

  it("when the password is wrong or the email unknown, then both answer the same UNAUTHENTICATED error", async () => {
    const wrong = await harness.post({ query: LOGIN, variables: { email: DEMO_LOGIN.email, password: "nope-nope" } });
    const unknown = await harness.post({ query: LOGIN, variables: { email: "nobody@shop.test", password: "nope-nope" } });
    for (const response of [wrong, unknown]) {
      expect(response.body.data?.login).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    }
    expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
  });

  it.each([
    { case: "missing", headers: {} as Record<string, string>, reason: "missing" },
    { case: "malformed", headers: { authorization: "Bearer not-a-jwt" }, reason: "malformed" },
    { case: "not bearer", headers: { authorization: "Basic dXNlcjpwYXNz" }, reason: "malformed" },
  ])("when the token is $case, then home is UNAUTHENTICATED and no service is called", async ({ headers, reason }) => {
    const response = await harness.post({ query: HomeDocument.document }, headers);
    expect(response.body.data?.home).toBeNull();
    expect(response.body.errors?.[0]).toMatchObject({ path: ["home"], extensions: { code: "UNAUTHENTICATED", reason } });
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when the token is expired or forged, then fields that need a user are UNAUTHENTICATED", async () => {
    const userId = demoUser(0).id;
    const expired = await token(TEST_SECRET, { sub: userId, exp: Math.floor(Date.now() / 1000) - 60 });
    const forged = await token("another-secret-of-at-least-32-bytes!!", { sub: userId, exp: Math.floor(Date.now() / 1000) + 600 });
    for (const [bad, reason] of [[expired, "expired"], [forged, "invalid"]] as const) {
      const response = await harness.post({ query: `{ home { user { name } } orders { nodes { id } } }` }, bearer(bad));
      expect(response.body.data).toEqual({ home: null, orders: null });
      expect(response.body.errors?.map((e) => e.extensions?.["code"])).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
      expect(response.body.errors?.[0]?.extensions?.["reason"]).toBe(reason);
    }
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when the token is bad, then public fields still answer", async () => {
    const response = await harness.post(
      { query: `{ products(first: 2) { nodes { name } } home { user { name } } }` },
      bearer("a.b.c"),
    );
    expect(response.body.data?.products.nodes).toHaveLength(2);
    expect(response.body.data?.home).toBeNull();
    expect(response.body.errors).toHaveLength(1);
  });
});

describe("a user sees only their own orders", () => {
  const ORDER = `query O($id: ID!) { order(id: $id) { id total } }`;

  it("when another user's order id is asked for, then the answer is the same as for an order that does not exist", async () => {
    const [me, other] = [demoUser(0), demoUser(1)];
    const [theirs] = await harness.fakes.data.ordersOf(other.id);
    const [mine] = await harness.fakes.data.ordersOf(me.id);
    const auth = bearer(await harness.tokenFor(me.id));

    const own = await harness.post({ query: ORDER, variables: { id: mine!.id } }, auth);
    expect(own.body.data?.order.id).toBe(mine!.id);

    const foreign = await harness.post({ query: ORDER, variables: { id: theirs!.id } }, auth);
    const missing = await harness.post({ query: ORDER, variables: { id: "0190c1a0-0000-7000-8000-00000000dead" } }, auth);
    const garbage = await harness.post({ query: ORDER, variables: { id: "not-an-id" } }, auth);
    expect(foreign.body).toEqual({ data: { order: null } });
    expect(missing.body).toEqual(foreign.body);
    expect(garbage.body).toEqual(foreign.body);
  });

  it("when another user's order is cancelled, then it is NOT_FOUND like a missing one and stays unchanged", async () => {
    const [me, other] = [demoUser(0), demoUser(1)];
    const [theirs] = await harness.fakes.data.ordersOf(other.id);
    const statusBefore = theirs!.status;
    const auth = bearer(await harness.tokenFor(me.id));
    const CANCEL = `mutation C($id: ID!) { cancelOrder(id: $id) { id status } }`;
    const foreign = await harness.post({ query: CANCEL, variables: { id: theirs!.id } }, auth);
    const missing = await harness.post({ query: CANCEL, variables: { id: "0190c1a0-0000-7000-8000-00000000dead" } }, auth);
    expect(foreign.body.data).toEqual({ cancelOrder: null });
    expect(foreign.body.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    expect(foreign.body).toEqual(missing.body);
    expect((await harness.fakes.data.order(theirs!.id))?.status).toBe(statusBefore);
    expect(harness.fakes.calls.count("orders.CancelOrder")).toBe(0);
  });
});
