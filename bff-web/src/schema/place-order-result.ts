import { encodeGlobalID } from "@pothos/plugin-relay";
import type { InputViolation } from "@shop/bff-kit";
import { InvalidInputError, OutOfStockError, placeOrderFor } from "@shop/bff-shop";
import { builder } from "../builder.js";
import { localIdOf } from "../ids.js";
import "./invalid-input-error.js";
import { OrderRef } from "./order.js";

builder.objectType(OutOfStockError, {
  name: "OutOfStockError",
  description: "Some products do not have the stock asked for; nothing was reserved or placed.",
  fields: (t) => ({
    message: t.exposeString("message"),
    productIds: t.idList({ description: "Global ids of the products that are short.", resolve: (e) => e.productIds.map((id) => encodeGlobalID("Product", id)) }),
  }),
});

const OrderLineInputRef = builder.inputType("OrderLineInput", {
  fields: (t) => ({
    productId: t.id({ required: true, description: "Global id of a Product." }),
    quantity: t.int({ required: true, description: "1 to 100." }),
  }),
});

const PlaceOrderInputRef = builder.inputType("PlaceOrderInput", {
  fields: (t) => ({
    lines: t.field({ type: [OrderLineInputRef], required: true, description: "1 to 50 lines, each product at most once." }),
    idempotencyKey: t.string({ required: true, description: "Chosen by the client; retrying with the same key never places twice." }),
  }),
});

builder.mutationFields((t) => ({
  placeOrder: t.withAuth({ authenticated: true }).field({
    type: OrderRef,
    description: "Places an order for the signed-in user. Stock and input problems come back as typed results.",
    errors: {
      types: [OutOfStockError, InvalidInputError],
      union: { name: "PlaceOrderResult", description: "The placed order, or why it was not placed." },
    },
    args: { input: t.arg({ type: PlaceOrderInputRef, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const violations: InputViolation[] = [];
      const lines = input.lines.map((line, i) => {
        const productId = localIdOf(String(line.productId), "Product");
        if (!productId) violations.push({ field: `input.lines[${i}].productId`, description: "not the global id of a Product" });
        return { productId: productId ?? "", quantity: line.quantity };
      });
      if (violations.length > 0) throw new InvalidInputError(violations);
      return placeOrderFor(ctx, ctx.viewer, { lines, idempotencyKey: input.idempotencyKey });
    },
  }),
}));
