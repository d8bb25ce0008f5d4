/** Counts calls in progress so a shutdown can wait for them. */
export class InflightCalls {
  #count = 0;
  #waiters: (() => void)[] = [];

  /** Number of calls in progress. */
  get count(): number {
    return this.#count;
  }

  /** A call started. */
  enter(): void {
    this.#count++;
  }

  /** A call ended. */
  leave(): void {
    this.#count--;
    if (this.#count === 0 && this.#waiters.length > 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves when no call is in progress. */
  drained(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
