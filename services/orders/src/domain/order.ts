import { FailedPreconditionError } from "@shop/service-host";
import { Money } from "./money.js";

/** Where an order is in its life. */
export type OrderStatus = "PLACED" | "PAID" | "SHIPPED" | "DELIVERED" | "CANCELLED";

/** Every status, in life order. */
export const ORDER_STATUSES: readonly OrderStatus[] = ["PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"];

const ALLOWED_MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PLACED: ["PAID", "CANCELLED"],
  PAID: ["SHIPPED", "CANCELLED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
};

/**
 * Thrown when an order is asked to move to a status its current status does not allow: a failed
 * precondition of type `STATUS` on `orders/<id>`.
 */
export class InvalidTransitionError extends FailedPreconditionError {
  override readonly name: string = "InvalidTransitionError";
  constructor(
    /** The order concerned. */
    readonly orderId: string,
    /** Its status now. */
    readonly current: OrderStatus,
    /** The status that was asked for. */
    readonly wanted: OrderStatus,
  ) {
    super(
      [{ type: "STATUS", subject: `orders/${orderId}`, description: `order is ${current}; it cannot become ${wanted}` }],
      `order ${orderId} is ${current} and cannot become ${wanted}`,
    );
  }
}

/** One product of an order, priced when the order was placed. */
export interface OrderLine {
  /** UUIDv7 of the catalog product. */
  readonly productId: string;
  /** 1 to 100. */
  readonly quantity: number;
  /** The catalog price when the order was placed. */
  readonly unitPrice: Money;
}

/** The line total: unit price × quantity. */
export function lineTotal(line: Pick<OrderLine, "unitPrice" | "quantity">): Money {
  return line.unitPrice.times(line.quantity);
}

/** How a placed order remembers the request that made it (absent for seeded demo orders). */
export interface Placement {
  /** The caller's idempotency key, scoped to the user. */
  readonly idempotencyKey: string;
  /** Hash of the canonical request, to tell a retry from a different request with the same key. */
  readonly requestHash: string;
  /** The catalog reservation holding this order's stock. */
  readonly reservationId: string;
}

/** Everything an order is made of; what repositories store and load. */
export interface OrderState {
  readonly id: string;
  readonly userId: string;
  readonly lines: readonly OrderLine[];
  readonly status: OrderStatus;
  readonly createTime: Date;
  readonly updateTime: Date;
  /** Absent for orders that were not placed through PlaceOrder (the demo seed). */
  readonly placement?: Placement | undefined;
}

/**
 * The Order aggregate: guards its status transitions and computes its total from its lines
 * (all lines share one currency; a mix throws CurrencyMismatchError when the order is made).
 * Immutable: a transition returns a new Order.
 */
export class Order {
  /** Sum of the line totals. */
  readonly total: Money;

  private constructor(readonly state: OrderState) {
    if (state.lines.length === 0) throw new RangeError("an order has at least one line");
    const first = state.lines[0]!;
    this.total = state.lines.reduce((sum, line) => sum.add(lineTotal(line)), Money.zero(first.unitPrice.currencyCode));
  }

  /** A new PLACED order. */
  static place(input: {
    id: string;
    userId: string;
    lines: readonly OrderLine[];
    placement?: Placement;
    now: Date;
  }): Order {
    const products = new Set(input.lines.map((line) => line.productId));
    if (products.size !== input.lines.length) throw new RangeError("an order has each product at most once");
    return new Order({
      id: input.id,
      userId: input.userId,
      lines: input.lines,
      status: "PLACED",
      createTime: input.now,
      updateTime: input.now,
      placement: input.placement,
    });
  }

  /** An order as stored. */
  static restore(state: OrderState): Order {
    return new Order(state);
  }

  get id(): string {
    return this.state.id;
  }
  get userId(): string {
    return this.state.userId;
  }
  get status(): OrderStatus {
    return this.state.status;
  }
  get lines(): readonly OrderLine[] {
    return this.state.lines;
  }
  get createTime(): Date {
    return this.state.createTime;
  }
  get updateTime(): Date {
    return this.state.updateTime;
  }

  /** True when the order may move from its current status to `wanted`. */
  canBecome(wanted: OrderStatus): boolean {
    return ALLOWED_MOVES[this.state.status].includes(wanted);
  }

  /** This order in status `wanted`; throws InvalidTransitionError when that move is not allowed. */
  transitionTo(wanted: OrderStatus, now: Date): Order {
    if (!this.canBecome(wanted)) throw new InvalidTransitionError(this.state.id, this.state.status, wanted);
    return new Order({ ...this.state, status: wanted, updateTime: now });
  }
}
