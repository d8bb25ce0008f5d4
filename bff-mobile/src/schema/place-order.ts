import { codedError, loadOwnOrder, requireViewer } from "@shop/bff-kit";
import { placeOrderFor } from "@shop/bff-shop";
import { isRecordId } from "./ids.js";
import { builder } from "../builder.js";
import { OrderRef } from "./order.js";

/** Stock is short for some products; nothing was reserved or recorded. */
export class OutOfStockError extends Error {
  constructor(readonly productIds: readonly string[]) {
    super("Some products are out of stock.");
    this.name = "OutOfStockError";
  }
}

/** One input field that was refused. */
export interface InputFieldProblem {
  /** Path of the field in the mutation's arguments, e.g. "input.lines[0].quantity". */
  readonly path: string;
  readonly message: string;
}

/** The input was refused; nothing was recorded. */
export class InvalidInputError extends Error {
  constructor(readonly fields: readonly InputFieldProblem[]) {
    super("The order input is not valid.");
    this.name = "InvalidInputError";
  }
}

builder.objectType(OutOfStockError, {
  name: "OutOfStock",
  description: "Stock is short for some products; nothing was ordered.",
  fields: (t) => ({
    message: t.exposeString("message"),
    productIds: t.field({ type: ["ID"], resolve: (e) => e.productIds }),
  }),
});

const InputFieldProblemRef = builder.objectRef<InputFieldProblem>("InputFieldProblem").implement({
  fields: (t) => ({ path: t.exposeString("path"), message: t.exposeString("message") }),
});

builder.objectType(InvalidInputError, {
  name: "InvalidInput",
  description: "The input was refused; nothing was ordered.",
  fields: (t) => ({
    message: t.exposeString("message"),
    fields: t.field({ type: [InputFieldProblemRef], resolve: (e) => e.fields }),
  }),
});

const PlaceOrderLineInput = builder.inputType("PlaceOrderLineInput", {
  fields: (t) => ({
    productId: t.id({ required: true }),
    quantity: t.int({ required: true, description: "1 to 100." }),
  }),
});

const PlaceOrderInput = builder.inputType("PlaceOrderInput", {
  fields: (t) => ({
    lines: t.field({ type: [PlaceOrderLineInput], required: true, description: "1 to 50 lines, each product once." }),
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

function checkInput(lines: readonly PlaceOrderLine[], idempotencyKey: string): InputFieldProblem[] {
  const problems: InputFieldProblem[] = [];
  if (lines.length < 1 || lines.length > MAX_LINES) {
    problems.push({ path: "input.lines", message: `must hold 1 to ${MAX_LINES} lines` });
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const productId = String(line.productId);
    if (!isRecordId(productId)) problems.push({ path: `input.lines[${i}].productId`, message: "must be a product id (a UUID)" });
    else if (seen.has(productId)) problems.push({ path: `input.lines[${i}].productId`, message: "is already in another line" });
    seen.add(productId);
    if (line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      problems.push({ path: `input.lines[${i}].quantity`, message: `must be between 1 and ${MAX_QUANTITY}` });
    }
  });
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    problems.push({ path: "input.idempotencyKey", message: "must be 1 to 128 chars of [A-Za-z0-9_.:-]" });
  }
  return problems;
}

builder.mutationFields((t) => ({
  placeOrder: t.field({
    type: OrderRef,
    description: "Places an order for the signed-in user. Requires a token.",
    errors: {
      types: [OutOfStockError, InvalidInputError],
      union: { name: "PlaceOrderResult" },
      result: { name: "OrderPlaced" },
      dataField: { name: "order" },
    },
    args: { input: t.arg({ type: PlaceOrderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      const problems = checkInput(input.lines, input.idempotencyKey);
      if (problems.length > 0) throw new InvalidInputError(problems);
      const lines = input.lines.map((l) => ({ productId: String(l.productId), quantity: l.quantity }));
      const outcome = await placeOrderFor(ctx, viewer, { lines, idempotencyKey: input.idempotencyKey });
      switch (outcome.kind) {
        case "placed":
          return outcome.order;
        case "out-of-stock":
          throw new OutOfStockError(outcome.productIds);
        case "invalid":
          throw new InvalidInputError(outcome.violations.map((v) => ({ path: v.field, message: v.description })));
      }
    },
  }),
  cancelOrder: t.field({
    type: OrderRef,
    nullable: true,
    description:
      "Cancels one of the signed-in user's orders (PLACED or PAID). Another user's order answers " +
      "NOT_FOUND, exactly like an order that does not exist.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      requireViewer(ctx);
      const id = String(args.id);
      const own = isRecordId(id) ? await loadOwnOrder(ctx, id) : null;
      if (!own) throw codedError("NOT_FOUND", { message: "No such order." });
      const { order } = await ctx.clients.orders.cancelOrder({ id }, ctx.callOptions());
      return order ?? null;
    },
  }),
}));
