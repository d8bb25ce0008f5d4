import { expect } from "vitest";
import { postGraphql, type GraphqlAnswer } from "../support/graphql-client.js";

/** The tokens of one web session, as the web BFF hands them out. */
export interface WebTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

const SESSION = "accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt viewer { displayName email }";
export const WEB = {
  signUp: `mutation SignUp($input: SignUpInput!) { signUp(input: $input) {
    __typename ... on Session { ${SESSION} } ... on EmailTakenError { message } ... on InvalidInputError { message fieldPaths }
  } }`,
  login: "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt refreshToken refreshTokenExpiresAt viewer { displayName } } }",
  refresh: `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION} } }`,
  logout: "mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }",
  changePassword: `mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) {
    __typename ... on Session { accessToken refreshToken } ... on WrongPasswordError { message } ... on InvalidInputError { fieldPaths }
  } }`,
  updateProfile: `mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) {
    __typename ... on User { displayName avatarUrl } ... on InvalidInputError { fieldPaths }
  } }`,
  viewer: "query Viewer { viewer { displayName email } }",
  products: "query Products { products(first: 20) { edges { node { id inStock } } } }",
  placeOrder: `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) {
    __typename ... on Order { id status itemCount } ... on OutOfStockError { productIds } ... on InvalidInputError { fieldPaths }
  } }`,
} as const;

/** The `extensions.code` of each error of an answer. */
export function codesOf(answer: GraphqlAnswer): (string | undefined)[] {
  return (answer.body.errors ?? []).map((e) => e.extensions?.code);
}

/** Signs in on the web BFF and returns the session's tokens. */
export async function webSignIn(url: string, email: string, password: string): Promise<WebTokens> {
  const answer = await postGraphql(url, { query: WEB.login, variables: { email, password } });
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  return { accessToken: answer.body.data.login.token, refreshToken: answer.body.data.login.refreshToken };
}

/** The viewer query with `accessToken`: the answer as it came. */
export function webViewer(url: string, accessToken: string): Promise<GraphqlAnswer> {
  return postGraphql(url, { query: WEB.viewer }, accessToken);
}

/** Expects the access token to be refused because its session ended (reason "revoked"). */
export async function expectWebAccessRevoked(url: string, accessToken: string): Promise<void> {
  const answer = await webViewer(url, accessToken);
  expect(answer.body.data?.viewer ?? null).toBeNull();
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
}

/** Expects `refreshSession` to refuse the refresh token (UNAUTHENTICATED, nothing returned). */
export async function expectWebRefreshRefused(url: string, refreshToken: string): Promise<void> {
  const answer = await postGraphql(url, { query: WEB.refresh, variables: { refreshToken } });
  expect(answer.body.data ?? null).toBeNull();
  expect(codesOf(answer)).toEqual(["UNAUTHENTICATED"]);
}

/** Places a one-unit order of the first product in stock that takes it; the placed order. */
export async function placeWebOrderOfAnyProduct(url: string, accessToken: string, idempotencyKey: string): Promise<{ id: string; status: string }> {
  const products = await postGraphql(url, { query: WEB.products });
  expect(products.body.errors).toBeUndefined();
  const ids = products.body.data.products.edges.filter((e: { node: { inStock: boolean } }) => e.node.inStock).map((e: { node: { id: string } }) => e.node.id) as string[];
  for (const productId of ids) {
    const answer = await postGraphql(url, { query: WEB.placeOrder, variables: { input: { idempotencyKey, lines: [{ productId, quantity: 1 }] } } }, accessToken);
    expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
    if (answer.body.data.placeOrder.__typename === "Order") return answer.body.data.placeOrder;
  }
  throw new Error("no product of the first page could be ordered");
}
