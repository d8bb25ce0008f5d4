import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type ContextValues, type HandlerContext } from "@connectrpc/connect";
import type { Metadata } from "@grpc/grpc-js";
import { headersFromMetadata } from "./metadata.js";

/** The part of a grpc-js server call a handler context needs. */
export interface ServerCallLike {
  readonly metadata: Metadata;
  readonly cancelled: boolean;
  on(event: "cancelled", listener: () => void): unknown;
}

/** How close to the server's deadline a client's cancel counts as the deadline (see `#cancelReason`). */
const DEADLINE_CANCEL_SLACK_MS = 50;

/**
 * Connect's HandlerContext for one grpc-js call. Everything a handler may never touch (headers,
 * the abort signal and its deadline timer, context values) is built on first use, which keeps
 * the per-call cost of a plain unary call low.
 */
export class CallContext implements HandlerContext {
  readonly method: DescMethod;
  readonly service: DescService;
  readonly requestMethod = "POST";
  readonly protocolName = "grpc";
  readonly url: string;
  /** Absolute deadline in epoch ms, or undefined without one. */
  readonly deadline: number | undefined;
  readonly #call: ServerCallLike;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #requestHeader: Headers | undefined;
  #responseHeader: Headers | undefined;
  #responseTrailer: Headers | undefined;
  #values: ContextValues | undefined;
  #done = false;

  constructor(call: ServerCallLike, method: DescMethod, path: string, deadline: number | undefined) {
    this.#call = call;
    this.method = method;
    this.service = method.parent;
    this.url = path;
    this.deadline = deadline;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#done) {
        controller.abort(new ConnectError("call completed", Code.Canceled));
      } else if (this.#call.cancelled) {
        controller.abort(this.#cancelReason());
      } else {
        this.#call.on("cancelled", () => this.#abort(this.#cancelReason()));
        if (this.deadline !== undefined) {
          const remaining = this.deadline - Date.now();
          if (remaining <= 0) this.#abort(deadlineError());
          else this.#timer = setTimeout(() => this.#abort(deadlineError()), remaining);
        }
      }
    }
    return this.#controller.signal;
  }

  timeoutMs(): number | undefined {
    return this.deadline === undefined ? undefined : Math.max(0, this.deadline - Date.now());
  }

  get requestHeader(): Headers {
    return (this.#requestHeader ??= headersFromMetadata(this.#call.metadata));
  }

  get responseHeader(): Headers {
    return (this.#responseHeader ??= new Headers());
  }

  get responseTrailer(): Headers {
    return (this.#responseTrailer ??= new Headers());
  }

  get values(): ContextValues {
    return (this.#values ??= createContextValues());
  }

  /** Response headers set by the handler, if any. */
  get responseHeaderIfSet(): Headers | undefined {
    return this.#responseHeader;
  }

  /** Response trailers set by the handler, if any. */
  get responseTrailerIfSet(): Headers | undefined {
    return this.#responseTrailer;
  }

  /** True once the deadline has passed. */
  deadlineExceeded(): boolean {
    return this.deadline !== undefined && Date.now() >= this.deadline;
  }

  /** Ends the context: clears the deadline timer and aborts the signal if a handler holds it. */
  complete(): void {
    this.#done = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#controller !== undefined && !this.#controller.signal.aborted) {
      this.#controller.abort(new ConnectError("call completed", Code.Canceled));
    }
  }

  #cancelReason(): ConnectError {
    // A client whose deadline fires cancels the stream at its own deadline, which is a little
    // earlier than this server's (counted from when the call arrived, after the request's transit
    // and any wait in a busy event loop): a cancel that close to the deadline is the deadline.
    const nearDeadline = this.deadline !== undefined && this.deadline - Date.now() <= DEADLINE_CANCEL_SLACK_MS;
    return nearDeadline ? deadlineError() : new ConnectError("call cancelled by the client", Code.Canceled);
  }

  #abort(reason: ConnectError): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#controller !== undefined && !this.#controller.signal.aborted) this.#controller.abort(reason);
  }
}

function deadlineError(): ConnectError {
  return new ConnectError("deadline exceeded", Code.DeadlineExceeded);
}
