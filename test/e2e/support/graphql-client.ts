/** One GraphQL-over-HTTP answer: the status and the parsed JSON body. */
export interface GraphqlAnswer {
  readonly status: number;
  // The tests read deep into responses whose shape each assertion checks itself.
  readonly body: { readonly data?: any; readonly errors?: readonly GraphqlError[] };
}

/** The parts of a GraphQL error the tests look at. */
export interface GraphqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/** A GraphQL request body: a document, or a trusted document's hash in `extensions`. */
export interface GraphqlRequest {
  readonly query?: string;
  readonly operationName?: string;
  readonly variables?: Record<string, unknown>;
  readonly extensions?: Record<string, unknown>;
}

/** POSTs one GraphQL request as JSON, with a bearer token when given and any extra `headers` (e.g. a `traceparent`). */
export async function postGraphql(url: string, request: GraphqlRequest, token?: string, headers: Record<string, string> = {}): Promise<GraphqlAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as GraphqlAnswer["body"] };
}

/** A request that sends only the sha256 of a trusted document (Apollo's persisted-query extension). */
export function persistedRequest(sha256Hash: string, operationName: string, variables: Record<string, unknown> = {}): GraphqlRequest {
  return { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } };
}

/** The record id inside a web global id ("Order:<uuid>" in base64). */
export function recordIdOf(globalId: string, typename: string): string {
  const decoded = Buffer.from(globalId, "base64").toString("utf8");
  const prefix = `${typename}:`;
  if (!decoded.startsWith(prefix)) throw new Error(`${globalId} is not a ${typename} id (decodes to "${decoded}")`);
  return decoded.slice(prefix.length);
}
