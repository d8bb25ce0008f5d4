import { Code, ConnectError } from "@connectrpc/connect";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { notFoundIdsOf, preconditionViolationsOf } from "@shop/platform";
import { inputViolationsOf, requireViewer } from "@shop/platform/bff";
import type { Order as OrderMessage } from "@shop/platform/contracts/orders/v1";
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

/** "lines[0].product_id" (service) → "input.lines[0].productId" (this mutation's arguments). */
function inputPath(field: string): string {
  return `input.${field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}`;
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
      try {
        const { order } = await ctx.clients.orders.placeOrder(
          { userId: viewer.userId, lines, idempotencyKey: input.idempotencyKey },
          ctx.callOptions(),
        );
        if (!order) throw new ConnectError("PlaceOrder answered without an order", Code.Internal);
        ctx.loaders.orders.prime(order.id, order);
        return order;
      } catch (error) {
        if (error instanceof ConnectError && error.code === Code.FailedPrecondition) {
          const preconditions = preconditionViolationsOf(error);
          const short = preconditions.filter((v) => v.type === "STOCK").map((v) => v.subject);
          if (short.length > 0) return { kind: "OutOfStockError", productIds: short };
          const found = preconditions.map((v) => ({ field: inputPath(v.subject), description: v.description }));
          return { kind: "InvalidInputError", violations: found.length > 0 ? found : [{ field: "input", description: "the order cannot be placed" }] };
        }
        if (error instanceof ConnectError && error.code === Code.NotFound) {
          const missing = new Set(notFoundIdsOf(error));
          const found = lines.flatMap((l, i) => (missing.has(l.productId) ? [{ field: `input.lines[${i}].productId`, description: "no such product" }] : []));
          return { kind: "InvalidInputError", violations: found.length > 0 ? found : [{ field: "input.lines", description: "a product does not exist" }] };
        }
        if (error instanceof ConnectError && error.code === Code.InvalidArgument) {
          const found = inputViolationsOf(error).map((v) => ({ field: inputPath(v.field), description: v.description }));
          return { kind: "InvalidInputError", violations: found.length > 0 ? found : [{ field: "input", description: "not valid" }] };
        }
        throw error;
      }
    },
  }),
}));
