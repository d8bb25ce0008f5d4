import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../../../scripts/launcher/launch-system.js";
import type { BffName } from "./bff-processes.js";

const WEB_LOGIN = "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }";

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "bff-mobile", "operations", "manifest.json"), "utf8")) as {
  operations: { id: string; name: string }[];
};
const mobileLogin = manifest.operations.find((operation) => operation.name === "Login");
if (mobileLogin === undefined) throw new Error("bff-mobile/operations/manifest.json has no Login operation");
const MOBILE_LOGIN_HASH = mobileLogin.id;

/** What one login attempt got back. */
export interface LoginOutcome {
  readonly status: number;
  /** The `Retry-After` header, seconds, when sent. */
  readonly retryAfter: number | undefined;
  /** `extensions.code` of the first error; undefined when the login succeeded. */
  readonly code: string | undefined;
  /** `extensions.retryAfterSeconds` of the first error, when RATE_LIMITED. */
  readonly retryAfterSeconds: unknown;
  /** The access token of a successful login. */
  readonly token: string | undefined;
}

/**
 * One login through a BFF's own operation: bff-web's login mutation, or bff-mobile's trusted Login
 * document by its hash. `headers` e.g. an `x-forwarded-for` for a BFF behind a trusted proxy.
 */
export async function attemptLogin(bff: { readonly name: BffName; readonly url: string }, email: string, password: string, headers: Record<string, string> = {}): Promise<LoginOutcome> {
  const variables = { email, password };
  const body =
    bff.name === "bff-web"
      ? { query: WEB_LOGIN, variables }
      : { operationName: "Login", variables, extensions: { persistedQuery: { version: 1, sha256Hash: MOBILE_LOGIN_HASH } } };
  const response = await fetch(bff.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { data?: { login?: { token?: string } | null }; errors?: { extensions?: Record<string, unknown> }[] };
  const retryAfter = response.headers.get("retry-after");
  const first = answer.errors?.[0]?.extensions;
  return {
    status: response.status,
    retryAfter: retryAfter === null ? undefined : Number(retryAfter),
    code: first?.["code"] as string | undefined,
    retryAfterSeconds: first?.["retryAfterSeconds"],
    token: answer.data?.login?.token,
  };
}

/** How many outcomes had each status and code, e.g. `{ "200 UNAUTHENTICATED": 5, "429 RATE_LIMITED": 195 }`. */
export function tally(outcomes: readonly LoginOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = `${outcome.status} ${outcome.code ?? "ok"}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
