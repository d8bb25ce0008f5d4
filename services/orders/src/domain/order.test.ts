import { describe, expect, it } from "vitest";
import { CurrencyMismatchError, Money } from "./money.js";
import { InvalidTransitionError, Order, type OrderStatus } from "./order.js";

const now = new Date("2026-03-01T10:00:00Z");
const later = new Date("2026-03-01T11:00:00Z");

function placed(): Order {
  return Order.place({
    id: "o1",
    userId: "u1",
    now,
    lines: [
      { productId: "p1", quantity: 2, unitPrice: Money.of("USD", 1299n) },
      { productId: "p2", quantity: 1, unitPrice: Money.of("USD", 501n) },
    ],
  });
}

function inStatus(status: OrderStatus): Order {
  return Order.restore({ ...placed().state, status });
}

describe("Order", () => {
  it("when placed, then it is PLACED and its total is the sum of unit price × quantity", () => {
    const order = placed();
    expect(order.status).toBe("PLACED");
    expect(order.total.equals(Money.of("USD", 2 * 1299 + 501))).toBe(true);
  });

  it("when lines mix currencies, then placing throws CurrencyMismatchError", () => {
    expect(() =>
      Order.place({
        id: "o1", userId: "u1", now,
        lines: [
          { productId: "p1", quantity: 1, unitPrice: Money.of("USD", 1n) },
          { productId: "p2", quantity: 1, unitPrice: Money.of("EUR", 1n) },
        ],
      }),
    ).toThrow(CurrencyMismatchError);
  });

  it("when placed with no lines or a product twice, then it throws", () => {
    expect(() => Order.place({ id: "o1", userId: "u1", now, lines: [] })).toThrow(RangeError);
    const line = { productId: "p1", quantity: 1, unitPrice: Money.of("USD", 1n) };
    expect(() => Order.place({ id: "o1", userId: "u1", now, lines: [line, line] })).toThrow(RangeError);
  });

  it("when it walks PLACED → PAID → SHIPPED → DELIVERED, then every step is allowed and stamps the update time", () => {
    const delivered = placed().transitionTo("PAID", later).transitionTo("SHIPPED", later).transitionTo("DELIVERED", later);
    expect(delivered.status).toBe("DELIVERED");
    expect(delivered.state.updateTime).toEqual(later);
    expect(delivered.state.createTime).toEqual(now);
  });

  it.each<OrderStatus>(["PLACED", "PAID"])("when a %s order is cancelled, then it becomes CANCELLED", (status) => {
    expect(inStatus(status).transitionTo("CANCELLED", later).status).toBe("CANCELLED");
  });

  it.each<[OrderStatus, OrderStatus]>([
    ["SHIPPED", "CANCELLED"],
    ["DELIVERED", "CANCELLED"],
    ["CANCELLED", "CANCELLED"],
    ["CANCELLED", "PAID"],
    ["PLACED", "SHIPPED"],
    ["PAID", "PLACED"],
    ["DELIVERED", "SHIPPED"],
  ])("when a %s order is asked to become %s, then it throws naming both statuses", (current, wanted) => {
    const order = inStatus(current);
    let error: unknown;
    try {
      order.transitionTo(wanted, later);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).current).toBe(current);
    expect((error as InvalidTransitionError).wanted).toBe(wanted);
    expect((error as Error).message).toContain(current);
    expect((error as Error).message).toContain(wanted);
    expect(order.status).toBe(current);
  });
});
