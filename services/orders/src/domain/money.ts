import { FailedPreconditionError } from "@shop/service-host";

/**
 * Thrown when two amounts of different currencies would be combined: a failed precondition of
 * type `CURRENCY` whose subject is the currency that does not match.
 */
export class CurrencyMismatchError extends FailedPreconditionError {
  override readonly name: string = "CurrencyMismatchError";
  constructor(
    /** The currency of the left-hand amount. */
    readonly left: string,
    /** The currency of the right-hand amount. */
    readonly right: string,
  ) {
    super([{ type: "CURRENCY", subject: right, description: `amounts in ${left} and ${right} cannot be combined` }], `cannot combine ${left} with ${right}`);
  }
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * An amount of money in minor units of one ISO 4217 currency. Immutable; never negative; never
 * combined with another currency (that throws CurrencyMismatchError).
 */
export class Money {
  private constructor(
    /** ISO 4217 code, e.g. "USD". */
    readonly currencyCode: string,
    /** Integer amount in minor units, e.g. 1299n for USD 12.99. */
    readonly amountMinor: bigint,
  ) {}

  /** Money of `amountMinor` minor units; throws RangeError on a bad code or a negative amount. */
  static of(currencyCode: string, amountMinor: bigint | number): Money {
    if (!CURRENCY_CODE.test(currencyCode)) throw new RangeError(`invalid currency code "${currencyCode}"`);
    if (typeof amountMinor === "number" && !Number.isSafeInteger(amountMinor)) {
      throw new RangeError(`amount must be a safe integer, got ${amountMinor}`);
    }
    const amount = BigInt(amountMinor);
    if (amount < 0n) throw new RangeError(`amount must not be negative, got ${amount}`);
    return new Money(currencyCode, amount);
  }

  /** Zero of a currency. */
  static zero(currencyCode: string): Money {
    return Money.of(currencyCode, 0n);
  }

  /** The sum of this and `other`; throws CurrencyMismatchError when their currencies differ. */
  add(other: Money): Money {
    if (other.currencyCode !== this.currencyCode) throw new CurrencyMismatchError(this.currencyCode, other.currencyCode);
    return new Money(this.currencyCode, this.amountMinor + other.amountMinor);
  }

  /** This amount times a non-negative integer `factor`. */
  times(factor: number): Money {
    if (!Number.isSafeInteger(factor) || factor < 0) throw new RangeError(`factor must be a non-negative integer, got ${factor}`);
    return new Money(this.currencyCode, this.amountMinor * BigInt(factor));
  }

  /** True when both currency and amount are equal. */
  equals(other: Money): boolean {
    return this.currencyCode === other.currencyCode && this.amountMinor === other.amountMinor;
  }

  toString(): string {
    return `${this.currencyCode} ${this.amountMinor}`;
  }
}
