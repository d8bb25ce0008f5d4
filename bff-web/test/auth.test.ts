import { encodeGlobalID } from "@pothos/plugin-relay";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { orderId, shopData, userId } from "./support/shop-data.js";
import { errorCodes, TEST_SECRET, webHarness } from "./support/web-harness.js";

const key = new TextEncoder().encode(TEST_SECRET);
const SESSION_ID = "0190f5b4-7c2a-7000-8000-0000000000cc";
/** A token as the BFF issues it (`sid` included unless `sid: null`), with the claims given changed. */
const jwt = (claims: { sub?: string; exp?: number; iss?: string; aud?: string; sid?: string | null }, secret = key) => {
  let builder = new SignJWT(claims.sid === null ? {} : { sid: claims.sid ?? SESSION_ID }).setProtectedHeader({ alg: "HS256" }).setIssuedAt();
  if (claims.sub) builder = builder.setSubject(claims.sub);
  builder = builder.setIssuer(claims.iss ?? "shop-bff").setAudience(claims.aud ?? "shop-clients").setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 300);
  return builder.sign(secret);
};

const QUERY = "{ products(first: 1) { edges { node { name } } } viewer { displayName } }";

describe("auth matrix: a public field and a field that needs a user", () => {
  const cases: { name: string; token: () => Promise<string | undefined>; viewer: boolean; reason?: string }[] = [
    { name: "no token", token: async () => undefined, viewer: false, reason: "missing" },
    { name: "a malformed token", token: async () => "not.a.jwt-at-all", viewer: false, reason: "malformed" },
    { name: "an expired token", token: () => jwt({ sub: userId(1), exp: Math.floor(Date.now() / 1000) - 60 }), viewer: false, reason: "expired" },
    { name: "a forged token (another secret)", token: () => jwt({ sub: userId(1) }, new TextEncoder().encode("x".repeat(40))), viewer: false, reason: "invalid" },
    { name: "a token for another audience", token: () => jwt({ sub: userId(1), aud: "elsewhere" }), viewer: false, reason: "invalid" },
    { name: "a token without a session id (issued before sessions)", token: () => jwt({ sub: userId(1), sid: null }), viewer: false, reason: "invalid" },
    { name: "a valid token", token: () => jwt({ sub: userId(1) }), viewer: true },
  ];

  for (const c of cases) {
    it(`when the request has ${c.name}, then the public field works and the viewer is ${c.viewer ? "returned" : "UNAUTHENTICATED"}`, async () => {
      const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
      const token = await c.token();
      const { status, body } = await harness.gql(QUERY, token ? { token } : {});
      expect(status).toBe(200);
      expect(body.data.products.edges).toHaveLength(1);
      if (c.viewer) {
        expect(body.data.viewer).toEqual({ displayName: "Ada" });
        expect(body.errors).toBeUndefined();
      } else {
        expect(body.data.viewer).toBeNull();
        expect(errorCodes(body)).toEqual(["viewer:UNAUTHENTICATED"]);
        expect(body.errors[0].extensions.reason).toBe(c.reason);
        expect(body.errors[0].message).toMatch(/token|Sign-in/);
      }
    });
  }
});

describe("login", () => {
  it("when the email and password are right, then a token comes back that signs later requests in", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const { body } = await harness.gql('mutation { login(email: "ADA@shop.test", password: "ada-password") { token expiresAt viewer { displayName } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.login.viewer).toEqual({ displayName: "Ada" });
    expect(new Date(body.data.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { body: me } = await harness.gql("{ viewer { email } }", { token: body.data.login.token });
    expect(me.data.viewer).toEqual({ email: "ada@shop.test" });
  });

  it("when the password is wrong or the email unknown, then both answer the same UNAUTHENTICATED error", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const wrong = await harness.gql('mutation { login(email: "ada@shop.test", password: "nope") { token } }');
    const unknown = await harness.gql('mutation { login(email: "nobody@shop.test", password: "nope") { token } }');
    expect(errorCodes(wrong.body)).toEqual(["login:UNAUTHENTICATED"]);
    expect(unknown.body.errors).toEqual(wrong.body.errors);
  });
});

describe("authorization: a user sees only their own orders", () => {
  const theirOrder = encodeGlobalID("Order", orderId(2, 0));
  const noOrder = encodeGlobalID("Order", orderId(1, 999)); // well-formed, but no order has it
  const ownOrder = encodeGlobalID("Order", orderId(1, 0));

  it("when a user asks node() for another user's order, then the answer equals the one for a non-existent order", async () => {
    const harness = webHarness(shopData({ orders: 2, linesPerOrder: 2 }));
    const token = await harness.tokenFor(userId(1));
    const ask = (id: string) => harness.gql(`{ node(id: "${id}") { id ... on Order { status } } }`, { token });
    const [theirs, missing, own] = await Promise.all([ask(theirOrder), ask(noOrder), ask(ownOrder)]);
    expect(theirs.body).toEqual(missing.body);
    expect(theirs.body.data.node).toBeNull();
    expect(own.body.data.node).toEqual({ id: ownOrder, status: "PLACED" });
  });

  it("when a user cancels another user's order, then it is NOT_FOUND exactly like a non-existent one, and nothing is cancelled", async () => {
    const harness = webHarness(shopData({ orders: 2, linesPerOrder: 2 }));
    const token = await harness.tokenFor(userId(1));
    const cancel = (id: string) => harness.gql(`mutation { cancelOrder(id: "${id}") { status } }`, { token });
    const theirs = await cancel(theirOrder);
    const missing = await cancel(noOrder);
    expect(theirs.body).toEqual(missing.body);
    expect(errorCodes(theirs.body)).toEqual(["cancelOrder:NOT_FOUND"]);
    expect(harness.fakes.calls.count("orders.CancelOrder")).toBe(0);
  });

  it("when a user asks node() for another user, then it is null", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const token = await harness.tokenFor(userId(1));
    const { body } = await harness.gql(`{ node(id: "${encodeGlobalID("User", userId(2))}") { id } }`, { token });
    expect(body.data.node).toBeNull();
  });
});
