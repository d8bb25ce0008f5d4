import { createHash } from "node:crypto";

/**
 * The sha256 (hex) of GraphQL document texts, remembered for the last `capacity` distinct texts:
 * an app sends the same few documents over and over, so hashing costs one map lookup per request,
 * and a client sending ever new texts can neither grow the map nor evict more than the oldest.
 */
export class DocumentHashes {
  readonly #byText = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity = 500) {
    this.#capacity = capacity;
  }

  /** The hex sha256 of `text` (UTF-8). */
  of(text: string): string {
    let hash = this.#byText.get(text);
    if (hash === undefined) {
      hash = createHash("sha256").update(text).digest("hex");
      if (this.#byText.size >= this.#capacity) this.#byText.delete(this.#byText.keys().next().value!);
      this.#byText.set(text, hash);
    }
    return hash;
  }

  /** How many texts are remembered. */
  get size(): number {
    return this.#byText.size;
  }
}
