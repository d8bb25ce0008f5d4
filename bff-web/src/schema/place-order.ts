import { encodeGlobalID } from "@pothos/plugin-relay";
import { requireViewer } from "@shop/bff-kit";
import { placeOrderFor } from "@shop/bff-shop";
import type { Order as OrderMessage } from "@shop/contracts/orders/v1";
import { builder } from "../builder.js";
import { localIdOf } from "./ids.js";
import { Order } from "./order.js";

interface OutOfStockShape { readonly kind: "OutOfStockError"; readonly productIds: readonly string[] }
interface Violation { readonly field: string; readonly description: string }
interface InvalidInputShape { readonly kind: "InvalidInputError"; readonly violations: readonly Violation[] }

const OutOfStockError = builder.objectRef<OutOfStockShape>("OutOfStockError").implement({
  description: "Some products do not have the stock asked for; nothing was reserved or placed.",
  fields: (t) => ({
    message: t.string({ resolve: () => "Some products are out of stock." }),
    productIds: t.idList({ description: "Global ids of the products that are short.", resolve: (e) => e.productIds.map((id) => globalProductId(id)) }),
  }),
});

const FieldViolation = builder.objectRef<Violation>("FieldViolation").implement({
  description: "One thing wrong with the input.",
  fields: (t) => ({
    field: t.exposeString("field", { description: 'Path into the arguments, e.g. "input.lines[0].quantity".' }),
    description: t.exposeString("description"),
  }),
});

const InvalidInputError = builder.objectRef<InvalidInputShape>("InvalidInputError").implement({
  description: "The input was refused; nothing was placed.",
  fields: (t) => ({
    message: t.string({ resolve: () => "The order input is not valid." }),
    fieldPaths: t.stringList({ resolve: (e) => e.violations.map((v) => v.field) }),
    violations: t.field({ type: [FieldViolation], resolve: (e) => [...e.violations] }),
  }),
});

const PlaceOrderResult = builder.unionType("PlaceOrderResult", {
  description: "The placed order, or why it was not placed.",
  types: [Order, OutOfStockError, InvalidInputError],
  resolveType: (value) => ("kind" in value ? value.kind : "Order"),
});

const OrderLineInput = builder.inputType("OrderLineInput", {
  fields: (t) => ({
    productId: t.id({ required: true, description: "Global id of a Product." }),
    quantity: t.int({ required: true, description: "1 to 100." }),
  }),
});

const PlaceOrderInput = builder.inputType("PlaceOrderInput", {
  fields: (t) => ({
    lines: t.field({ type: [OrderLineInput], required: true, description: "1 to 50 lines, each product at most once." }),
    idempotencyKey: t.string({ required: true, description: "Chosen by the client; retrying with the same key never places twice." }),
  }),
});

function globalProductId(localId: string): string {
  return encodeGlobalID("Product", localId);
}

builder.mutationFields((t) => ({
  placeOrder: t.field({
    type: PlaceOrderResult,
    description: "Places an order for the signed-in user. Stock and input problems come back as typed results.",
    args: { input: t.arg({ type: PlaceOrderInput, required: true }) },
    resolve: async (_root, { input }, ctx): Promise<OrderMessage | OutOfStockShape | InvalidInputShape> => {
      const viewer = requireViewer(ctx);
      const violations: Violation[] = [];
      const lines = input.lines.map((line, i) => {
        const productId = localIdOf(String(line.productId), "Product");
        if (!productId) violations.push({ field: `input.lines[${i}].productId`, description: "not the global id of a Product" });
        return { productId: productId ?? "", quantity: line.quantity };
      });
      if (violations.length > 0) return { kind: "InvalidInputError", violations };
      const outcome = await placeOrderFor(ctx, viewer, { lines, idempotencyKey: input.idempotencyKey });
      switch (outcome.kind) {
        case "placed":
          return outcome.order;
        case "out-of-stock":
          return { kind: "OutOfStockError", productIds: outcome.productIds };
        case "invalid":
          return { kind: "InvalidInputError", violations: outcome.violations };
      }
    },
  }),
}));
