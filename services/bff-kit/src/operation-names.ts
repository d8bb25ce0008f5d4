/** The label of an operation request whose document held no operation to run (parse error, wrong name). */
export const UNKNOWN_OPERATION = "unknown";
/** The label of an operation without a name. */
export const ANONYMOUS_OPERATION = "anonymous";
/** The label of every operation name outside the bounded set. */
export const OTHER_OPERATION = "other";

/** A GraphQL name short enough to be a label. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What a request ran, as far as the label is concerned. */
export interface NamedOperation {
  /** The operation's name; undefined for an anonymous operation. */
  readonly name: string | undefined;
}

/**
 * Turns operation names into metric labels from a bounded set, so that no client can grow the
 * number of time series a BFF exports: either a closed set (the mobile BFF's trusted documents:
 * anything else is "other"), or an open one that admits the first `maxDistinct` well-formed
 * names seen by the process and labels every later new name "other".
 */
export class OperationNames {
  readonly #known: Set<string>;
  readonly #closed: boolean;
  readonly #maxDistinct: number;

  private constructor(known: Iterable<string>, closed: boolean, maxDistinct: number) {
    this.#known = new Set(closed ? [...known].filter((name) => LABEL_NAME.test(name)) : []);
    this.#closed = closed;
    this.#maxDistinct = maxDistinct;
  }

  /** Exactly `names` (e.g. the trusted documents' operations); any other name is "other". */
  static closed(names: Iterable<string>): OperationNames {
    return new OperationNames(names, true, 0);
  }

  /** The first `maxDistinct` well-formed names seen (default 100); later new ones are "other". */
  static open(maxDistinct = 100): OperationNames {
    return new OperationNames([], false, maxDistinct);
  }

  /**
   * The label of `operation`: its name when admitted, "other" when not, "anonymous" for an
   * operation without a name and "unknown" when the request held no operation (undefined).
   */
  label(operation: NamedOperation | undefined): string {
    if (operation === undefined) return UNKNOWN_OPERATION;
    const { name } = operation;
    if (name === undefined) return ANONYMOUS_OPERATION;
    if (this.#known.has(name)) return name;
    if (this.#closed || this.#known.size >= this.#maxDistinct || !LABEL_NAME.test(name)) return OTHER_OPERATION;
    this.#known.add(name);
    return name;
  }
}
