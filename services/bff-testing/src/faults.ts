import { Code, ConnectError } from "@connectrpc/connect";
import type { HandlerLayer } from "./handler-layer.js";

/** Injected failures, by target: a service ("catalog") or one method ("catalog.BatchGetProducts"). */
export interface Faults {
  /** From now on, calls to `target` fail with `code`. */
  fail(target: string, code: Code, message?: string): void;
  /** From now on, calls to `target` never answer until their deadline (or the caller's abort). */
  hang(target: string): void;
  /** Removes the fault of one target, or all faults. */
  heal(target?: string): void;
  /** The layer that applies them; a method's own fault wins over its service's. */
  readonly layer: HandlerLayer;
}

type Fault = { readonly kind: "fail"; readonly code: Code; readonly message: string } | { readonly kind: "hang" };

export function createFaults(): Faults {
  const faults = new Map<string, Fault>();
  const layer: HandlerLayer = async ({ service, method, context }, next) => {
    const fault = faults.get(`${service}.${method.name}`) ?? faults.get(service);
    if (fault?.kind === "fail") throw new ConnectError(fault.message, fault.code);
    if (fault?.kind === "hang") {
      await new Promise<void>((resolve) => {
        if (context.signal.aborted) resolve();
        context.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      throw new ConnectError("hung until the deadline", Code.DeadlineExceeded);
    }
    return next();
  };
  return {
    fail: (target, code, message = `injected ${Code[code]}`) => {
      faults.set(target, { kind: "fail", code, message });
    },
    hang: (target) => {
      faults.set(target, { kind: "hang" });
    },
    heal: (target) => {
      if (target === undefined) faults.clear();
      else faults.delete(target);
    },
    layer,
  };
}
