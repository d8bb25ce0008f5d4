import type { InputViolation } from "@shop/bff-kit";
import { InvalidInputError, OutOfStockError, placeOrderFor } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { isRecordId } from "@shop/bff-kit";
import "./invalid-input-error.js";
import { OrderRef } from "./order.js";

builder.objectType(OutOfStockError, {
  name: "OutOfStockError",
  description: "Some products do not have the stock asked for; nothing was reserved or placed.",
  fields: (t) => ({
    message: t.exposeString("message"),
    productIds: t.idList({ description: "Ids of the products that are short.", resolve: (e) => [...e.productIds] }),
  }),
});

const OrderLineInputRef = builder.inputType("OrderLineInput", {
  fields: (t) => ({
    productId: t.id({ required: true }),
    quantity: t.int({ required: true, description: "1 to 100." }),
  }),
});

const PlaceOrderInputRef = builder.inputType("PlaceOrderInput", {
  fields: (t) => ({
    lines: t.field({ type: [OrderLineInputRef], required: true, description: "1 to 50 lines, each product once." }),
    idempotencyKey: t.string({
      required: true,
      description: "Chosen by the app, 1 to 128 chars of [A-Za-z0-9_.:-]; a retry with the same key never orders twice.",
    }),
  }),
});

/** Limits of PlaceOrder, from the orders contract; checked here so bad input costs no RPC. */
const MAX_LINES = 50;
const MAX_QUANTITY = 100;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

interface PlaceOrderLine {
  readonly productId: string | number;
  readonly quantity: number;
}

function checkInput(lines: readonly PlaceOrderLine[], idempotencyKey: string): InputViolation[] {
  const violations: InputViolation[] = [];
  if (lines.length < 1 || lines.length > MAX_LINES) {
    violations.push({ field: "input.lines", description: `must hold 1 to ${MAX_LINES} lines` });
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const productId = String(line.productId);
    if (!isRecordId(productId)) violations.push({ field: `input.lines[${i}].productId`, description: "must be a product id (a UUIDv7)" });
    else if (seen.has(productId)) violations.push({ field: `input.lines[${i}].productId`, description: "is already in another line" });
    seen.add(productId);
    if (line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      violations.push({ field: `input.lines[${i}].quantity`, description: `must be between 1 and ${MAX_QUANTITY}` });
    }
  });
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    violations.push({ field: "input.idempotencyKey", description: "must be 1 to 128 chars of [A-Za-z0-9_.:-]" });
  }
  return violations;
}

builder.mutationFields((t) => ({
  placeOrder: t.withAuth({ authenticated: true }).field({
    type: OrderRef,
    description: "Places an order for the signed-in user. Requires a token.",
    errors: {
      types: [OutOfStockError, InvalidInputError],
      union: { name: "PlaceOrderResult", description: "The placed order, or why it was not placed." },
    },
    args: { input: t.arg({ type: PlaceOrderInputRef, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const violations = checkInput(input.lines, input.idempotencyKey);
      if (violations.length > 0) throw new InvalidInputError(violations);
      const lines = input.lines.map((l) => ({ productId: String(l.productId), quantity: l.quantity }));
      return placeOrderFor(ctx, ctx.viewer, { lines, idempotencyKey: input.idempotencyKey });
    },
  }),
}));
