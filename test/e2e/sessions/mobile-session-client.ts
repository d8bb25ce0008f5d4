import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { REPO_ROOT } from "../../../scripts/launcher/launch-system.js";
import { persistedRequest, postGraphql, type GraphqlAnswer } from "../support/graphql-client.js";

/** The tokens of one mobile session, as the mobile BFF hands them out. */
export interface MobileTokens {
  readonly token: string;
  readonly refreshToken: string;
}

interface ManifestOperation {
  readonly id: string;
  readonly name: string;
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "bff-mobile", "operations", "manifest.json"), "utf8")) as { operations: ManifestOperation[] };

/**
 * Sends the trusted document `name` by its manifest hash only (the app's way; the BFF under test
 * accepts nothing else), with `variables` and a bearer token when given.
 */
export function mobileOperation(url: string, name: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlAnswer> {
  const operation = manifest.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`bff-mobile/operations/manifest.json has no operation ${name}`);
  return postGraphql(url, persistedRequest(operation.id, operation.name, variables), token);
}

/** Signs in on the mobile BFF (Login document) and returns the session's tokens. */
export async function mobileSignIn(url: string, email: string, password: string): Promise<MobileTokens> {
  const answer = await mobileOperation(url, "Login", { email, password });
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  return { token: answer.body.data.login.token, refreshToken: answer.body.data.login.refreshToken };
}

/** Expects the Home screen to refuse the token because its session ended (reason "revoked"). */
export async function expectMobileAccessRevoked(url: string, token: string): Promise<void> {
  const answer = await mobileOperation(url, "Home", {}, token);
  expect(answer.body.data?.home ?? null).toBeNull();
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
}

/** Expects RefreshSession to refuse the refresh token (UNAUTHENTICATED, null). */
export async function expectMobileRefreshRefused(url: string, refreshToken: string): Promise<void> {
  const answer = await mobileOperation(url, "RefreshSession", { refreshToken });
  expect(answer.body.data?.refreshSession ?? null).toBeNull();
  expect((answer.body.errors ?? []).map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
}

/** Places a one-unit order (PlaceOrder document) of the first listed product that takes it. */
export async function placeMobileOrderOfAnyProduct(url: string, token: string, idempotencyKey: string): Promise<{ id: string; status: string }> {
  const products = await mobileOperation(url, "Products", { first: 20 });
  expect(products.body.errors).toBeUndefined();
  for (const { id } of products.body.data.products.nodes as { id: string }[]) {
    const answer = await mobileOperation(url, "PlaceOrder", { input: { idempotencyKey, lines: [{ productId: id, quantity: 1 }] } }, token);
    expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
    if (answer.body.data.placeOrder.__typename === "Order") return answer.body.data.placeOrder;
  }
  throw new Error("no product of the first page could be ordered");
}
