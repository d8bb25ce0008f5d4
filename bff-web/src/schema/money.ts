import { decimalAmount, formatMoney } from "@shop/bff-shop";
import type { Money } from "@shop/contracts/common/v1";
import { builder } from "../builder.js";

/** An amount of money, exact: never a float. */
export const MoneyRef = builder.objectRef<Money>("Money").implement({
  description: "An amount of money.",
  fields: (t) => ({
    amount: t.string({
      description: 'The exact amount as a decimal string, e.g. "12.99".',
      resolve: (money) => decimalAmount(money),
    }),
    currency: t.exposeString("currencyCode", { description: 'ISO 4217 code, e.g. "USD".' }),
    formatted: t.string({
      description: 'The amount for people, e.g. "$12.99".',
      resolve: (money) => formatMoney(money),
    }),
  }),
});
