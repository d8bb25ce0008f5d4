import { postGraphql } from "../support/graphql-client.js";
import { expectNoErrors } from "../support/web-order-flow.js";

/**
 * The web operations the observability tests send, named after their root field so that the
 * operation name in spans, metrics and access lines is the one the issue talks about.
 */

/** Viewer (users), recommendations (catalog), recent orders (orders) and their lines' products (catalog). */
export const HOME_PAGE = `query homePage { homePage {
  viewer { id displayName }
  recommendations(first: 5) { id name inStock }
  recentOrders(first: 3) { id status lines { quantity product { id name } } }
} }`;

export const PLACE_ORDER = `mutation placeOrder($input: PlaceOrderInput!) { placeOrder(input: $input) {
  __typename
  ... on Order { id status itemCount }
  ... on InvalidInputError { fieldPaths }
  ... on OutOfStockError { productIds }
} }`;

/** What {@link HOME_PAGE} answers. */
export interface HomePageData {
  readonly viewer: { readonly id: string; readonly displayName: string };
  readonly recommendations: readonly { readonly id: string; readonly name: string; readonly inStock: boolean }[];
  readonly recentOrders: readonly { readonly id: string; readonly lines: readonly { readonly quantity: number; readonly product: { readonly id: string } | null }[] }[];
}

/** Sends {@link HOME_PAGE} and expects a whole answer. */
export async function sendHomePage(webUrl: string, token: string, headers: Record<string, string> = {}): Promise<HomePageData> {
  const answer = await postGraphql(webUrl, { query: HOME_PAGE, operationName: "homePage" }, token, headers);
  expectNoErrors(answer);
  return answer.body.data.homePage as HomePageData;
}

/** Sends {@link PLACE_ORDER}; the raw `placeOrder` result (an Order or a typed refusal). */
export async function sendPlaceOrder(webUrl: string, token: string, idempotencyKey: string, lines: { productId: string; quantity: number }[]) {
  const answer = await postGraphql(webUrl, { query: PLACE_ORDER, operationName: "placeOrder", variables: { input: { idempotencyKey, lines } } }, token);
  expectNoErrors(answer);
  return answer.body.data.placeOrder as { __typename: string; id?: string; status?: string; fieldPaths?: string[] };
}
