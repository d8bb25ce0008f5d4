import { postGraphql, type GraphqlAnswer } from "../support/graphql-client.js";

/** Which BFF an operation went through. */
export type Bff = "web" | "mobile";

/** One operation as a shopper saw it. */
export interface OperationRecord {
  readonly kind: "home" | "placeOrder";
  readonly bff: Bff;
  /** When it started, in ms since the shoppers started. */
  readonly startMs: number;
  readonly ms: number;
  /** ok: a full answer; partial: data with some fields errored; failed: anything else. */
  readonly outcome: "ok" | "partial" | "failed";
  /** For partial and failed answers: the error codes and paths, or the exception. */
  readonly detail?: string;
}

/** An order a shopper asked for, by idempotency key. */
export interface OrderRequest {
  readonly key: string;
  /** Product UUIDs and quantities. */
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  /** Attempts made with this key (a failed attempt is retried with the same key). */
  attempts: number;
  /** True once an attempt answered with an Order. */
  placed: boolean;
}

export interface ShoppersOptions {
  readonly webUrl: string;
  readonly mobileUrl: string;
  readonly webToken: string;
  readonly mobileToken: string;
  /** UUIDs of the products orders pick from (with enough stock for the whole run). */
  readonly productIds: readonly string[];
  /** Shoppers in the closed loop; even ones use the web BFF, odd ones the mobile BFF. @default 8 */
  readonly workers?: number;
  /** Every n-th operation of a shopper places an order; 0 = home pages only. @default 4 */
  readonly orderEvery?: number;
  /** A shopper's pause after each answer before its next operation. @default 0 */
  readonly thinkMs?: number;
  /** Prefix of every idempotency key, unique per run: the databases are checked by it. */
  readonly keyPrefix: string;
}

const WEB_HOME = `query Home { homePage {
  viewer { displayName }
  recommendations { id name inStock price { amount } }
  recentOrders(first: 5) { id status itemCount lines { quantity product { id name } } }
} }`;
const MOBILE_HOME = `query Home { home {
  user { name }
  recommendations(first: 10) { id name price rating }
  recentOrders(first: 3) { id date total status }
} }`;
const PLACE_ORDER = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on Order { id status } } }`;
const MOBILE_LOGIN = "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }";

/** Signs a user in on the mobile BFF and returns the bearer token. */
export async function mobileLogin(mobileUrl: string, email: string, password: string): Promise<string> {
  const answer = await postGraphql(mobileUrl, { query: MOBILE_LOGIN, variables: { email, password } });
  const token = answer.body.data?.login?.token as string | undefined;
  if (!token) throw new Error(`mobile login failed: ${JSON.stringify(answer.body)}`);
  return token;
}

/** The web BFF's global id of a product (Pothos relay: base64 of "Product:<uuid>"). */
export function webProductId(uuid: string): string {
  return Buffer.from(`Product:${uuid}`).toString("base64");
}

/**
 * A closed loop of shoppers: each one asks for its home page, and every `orderEvery`-th time
 * places an order instead, `thinkMs` after its previous operation answered. A placeOrder that fails is
 * retried with the same idempotency key (after 100 ms) until it answers with an Order, as an app
 * would: so every key ends up with exactly one order, or the run shows it did not.
 */
export class Shoppers {
  readonly records: OperationRecord[] = [];
  readonly orders = new Map<string, OrderRequest>();
  readonly #options: Required<ShoppersOptions>;
  readonly #t0 = performance.now();
  #running = true;
  #done: Promise<void>;
  #sequence = 0;

  constructor(options: ShoppersOptions) {
    this.#options = { workers: 8, orderEvery: 4, thinkMs: 0, ...options };
    this.#done = Promise.all(Array.from({ length: this.#options.workers }, (_, i) => this.#shop(i))).then(() => undefined);
  }

  /** Milliseconds since the shoppers started (the clock of {@link OperationRecord.startMs}). */
  now(): number {
    return performance.now() - this.#t0;
  }

  /** Lets every shopper finish its current operation (and its order's retries), then resolves. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#done;
  }

  async #shop(worker: number): Promise<void> {
    const bff: Bff = worker % 2 === 0 ? "web" : "mobile";
    const every = this.#options.orderEvery;
    for (let n = 1; this.#running; n++) {
      if (every > 0 && n % every === 0) await this.#placeOrder(bff, worker);
      else await this.#home(bff);
      if (this.#options.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#options.thinkMs));
    }
  }

  async #home(bff: Bff): Promise<void> {
    const { url, token } = this.#endpoint(bff);
    await this.#timed("home", bff, () => postGraphql(url, { query: bff === "web" ? WEB_HOME : MOBILE_HOME }, token), classifyHome);
  }

  async #placeOrder(bff: Bff, worker: number): Promise<void> {
    const ids = this.#options.productIds;
    const seq = ++this.#sequence;
    const lineCount = 1 + (seq % 2);
    const lines = Array.from({ length: lineCount }, (_, i) => ({ productId: ids[(seq * 7 + i * 3 + worker) % ids.length]!, quantity: 1 + ((seq + i) % 2) }));
    const request: OrderRequest = { key: `${this.#options.keyPrefix}-${worker}-${seq}`, lines, attempts: 0, placed: false };
    this.orders.set(request.key, request);
    const { url, token } = this.#endpoint(bff);
    const input = {
      idempotencyKey: request.key,
      lines: lines.map((l) => ({ productId: bff === "web" ? webProductId(l.productId) : l.productId, quantity: l.quantity })),
    };
    // Retried with the same key until an Order comes back (within reason), even after stop().
    while (!request.placed && request.attempts < 30) {
      request.attempts++;
      const outcome = await this.#timed("placeOrder", bff, () => postGraphql(url, { query: PLACE_ORDER, variables: { input } }, token), classifyOrder);
      if (outcome === "ok") request.placed = true;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async #timed(
    kind: OperationRecord["kind"],
    bff: Bff,
    run: () => Promise<GraphqlAnswer>,
    classify: (answer: GraphqlAnswer) => Pick<OperationRecord, "outcome" | "detail">,
  ): Promise<OperationRecord["outcome"]> {
    const started = performance.now();
    let verdict: Pick<OperationRecord, "outcome" | "detail">;
    try {
      verdict = classify(await run());
    } catch (error) {
      verdict = { outcome: "failed", detail: error instanceof Error ? error.message : String(error) };
    }
    this.records.push({ kind, bff, startMs: started - this.#t0, ms: performance.now() - started, ...verdict });
    return verdict.outcome;
  }

  #endpoint(bff: Bff): { url: string; token: string } {
    return bff === "web" ? { url: this.#options.webUrl, token: this.#options.webToken } : { url: this.#options.mobileUrl, token: this.#options.mobileToken };
  }
}

function errorsOf(answer: GraphqlAnswer): string {
  return (answer.body.errors ?? []).map((e) => `${e.extensions?.code ?? "?"}@${(e.path ?? []).join(".")}`).join(", ");
}

function classifyHome(answer: GraphqlAnswer): Pick<OperationRecord, "outcome" | "detail"> {
  const page = answer.body.data?.homePage ?? answer.body.data?.home;
  if (answer.status !== 200 || !page) return { outcome: "failed", detail: `HTTP ${answer.status} ${errorsOf(answer) || JSON.stringify(answer.body).slice(0, 200)}` };
  if (answer.body.errors?.length) return { outcome: "partial", detail: errorsOf(answer) };
  return { outcome: "ok" };
}

function classifyOrder(answer: GraphqlAnswer): Pick<OperationRecord, "outcome" | "detail"> {
  const result = answer.body.data?.placeOrder;
  if (answer.status === 200 && result?.__typename === "Order" && !answer.body.errors?.length) return { outcome: "ok" };
  return { outcome: "failed", detail: `HTTP ${answer.status} ${result?.__typename ?? ""} ${errorsOf(answer)}`.trim() };
}
