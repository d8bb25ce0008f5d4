import { createHash } from "node:crypto";
import { requireActingFor, type Actor } from "@shop/grpc-runtime";
import { checkId, FailedPreconditionError, FieldViolations, InvalidInputError, NotFoundError } from "@shop/service-host";
import type { OrdersDependencies } from "./dependencies.js";
import { Order, type OrderLine } from "./domain/order.js";
import { DuplicateIdempotencyKeyError } from "./order-repository.js";

/** Most lines in one order. */
export const MAX_ORDER_LINES = 50;
/** Most units of one product in one order. */
export const MAX_LINE_QUANTITY = 100;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** What a buyer asks for. */
export interface PlaceOrderInput {
  readonly userId: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly idempotencyKey: string;
}

/**
 * Places an order: validate → the same key seen before? → prices from the catalog → reserve the
 * stock → persist order, lines and total in one transaction. If persisting fails the reservation is
 * released (unless another request with the same key won the race: then its order is returned and
 * the reservation, which is shared, stays).
 *
 * Idempotency: the same (user, idempotency key) with the same canonical request (lines sorted by
 * product) returns the original order; with a different request it is InvalidInputError on
 * `idempotency_key`.
 *
 * Only for `actor` themself (or a privileged actor): an order for another user is PERMISSION_DENIED
 * before the catalog is asked for anything.
 */
export async function placeOrder(deps: OrdersDependencies, actor: Actor, input: PlaceOrderInput): Promise<Order> {
  validate(input);
  requireActingFor(actor, input.userId);
  const requestHash = hashRequest(input);
  const earlier = await deps.orders.findByIdempotencyKey(input.userId, input.idempotencyKey);
  if (earlier) return sameRequestOrThrow(earlier, requestHash);

  const order = Order.place({
    id: deps.newId(),
    userId: input.userId,
    lines: await priceLines(deps, input),
    placement: { idempotencyKey: input.idempotencyKey, requestHash, reservationId: reservationIdOf(input) },
    now: deps.now(),
  });
  const reservationId = order.state.placement!.reservationId;
  if ((await deps.catalog.reserveStock(reservationId, input.lines)) === "RELEASED") {
    const message =
      "the stock reserved for this idempotency key was already released (an earlier attempt failed); retry with a new idempotency key";
    throw new FailedPreconditionError([{ type: "RESERVATION", subject: `idempotency_key/${input.idempotencyKey}`, description: message }], message);
  }

  try {
    await deps.orders.insert(order);
    return order;
  } catch (error) {
    if (error instanceof DuplicateIdempotencyKeyError) {
      const winner = await deps.orders.findByIdempotencyKey(input.userId, input.idempotencyKey);
      if (winner) return sameRequestOrThrow(winner, requestHash);
    }
    await releaseAfterFailure(deps, reservationId, error);
    throw error;
  }
}

/** The reservation id of an order: derived from (user, key), so concurrent retries share one reservation. */
export function reservationIdOf(input: Pick<PlaceOrderInput, "userId" | "idempotencyKey">): string {
  const digest = createHash("sha256").update(`${input.userId}\n${input.idempotencyKey}`).digest("hex");
  return `orders.${digest}`;
}

/** SHA-256 of the canonical request: the user and the lines sorted by product. */
export function hashRequest(input: PlaceOrderInput): string {
  const lines = [...input.lines]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((line) => [line.productId, line.quantity]);
  return createHash("sha256").update(JSON.stringify({ userId: input.userId, lines })).digest("hex");
}

function validate(input: PlaceOrderInput): void {
  const violations = new FieldViolations();
  checkId(violations, "user_id", input.userId);
  if (input.idempotencyKey === "") violations.add("idempotency_key", "is required");
  else if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    violations.add("idempotency_key", "must be 1 to 128 chars of [A-Za-z0-9_.:-]");
  }
  if (input.lines.length === 0) violations.add("lines", "at least one line is required");
  else if (input.lines.length > MAX_ORDER_LINES) violations.add("lines", `at most ${MAX_ORDER_LINES} lines, got ${input.lines.length}`);
  else {
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      checkId(violations, `lines[${i}].product_id`, line.productId);
      if (seen.has(line.productId)) violations.add(`lines[${i}].product_id`, "each product at most once per order");
      seen.add(line.productId);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
        violations.add(`lines[${i}].quantity`, `must be between 1 and ${MAX_LINE_QUANTITY}, got ${line.quantity}`);
      }
    });
  }
  violations.throwIfAny();
}

function sameRequestOrThrow(order: Order, requestHash: string): Order {
  if (order.state.placement?.requestHash === requestHash) return order;
  throw new InvalidInputError(
    [{ field: "idempotency_key", description: "already used by this user for a different order request" }],
    "idempotency key reused with a different request",
  );
}

async function priceLines(deps: OrdersDependencies, input: PlaceOrderInput): Promise<OrderLine[]> {
  const { prices, missingIds } = await deps.catalog.pricesOf(input.lines.map((line) => line.productId));
  if (missingIds.length > 0) throw new NotFoundError("product", missingIds);
  return input.lines.map((line) => {
    const unitPrice = prices.get(line.productId);
    if (!unitPrice) throw new Error(`catalog answered neither a price nor a miss for product ${line.productId}`);
    return { productId: line.productId, quantity: line.quantity, unitPrice };
  });
}

async function releaseAfterFailure(deps: OrdersDependencies, reservationId: string, cause: unknown): Promise<void> {
  try {
    await deps.catalog.releaseStock(reservationId);
  } catch (releaseError) {
    // The original failure is what the caller must see; the reservation stays held and is logged.
    deps.logger?.warn({ reservationId, err: releaseError, cause }, "could not release the stock of an order that was not saved");
  }
}
