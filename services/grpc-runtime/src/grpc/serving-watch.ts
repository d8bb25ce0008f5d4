import { connectivityState, status, experimental, type ClientReadableStream, type StatusObject } from "@grpc/grpc-js";
import { healthClientOver, type HealthClient } from "./health-probe.js";

type Subchannel = experimental.SubchannelInterface;

/** Wait before watching again after a Watch stream failed on a connection that is still up. */
const REWATCH_MS = 1_000;
/** How long a watch nobody uses keeps its stream (a DNS re-resolution re-creates the balancer's children). */
const LINGER_MS = 2_000;

/**
 * What one server says about itself over one connection, kept current by a grpc.health.v1 Watch
 * stream while the connection is READY: `true` when SERVING or when it has no health service,
 * `false` once it reports anything else (NOT_SERVING while it starts or drains), `undefined` while
 * unknown (no connection, the first answer not there yet, the stream being set up again).
 *
 * One per real subchannel, shared by every balancer child over it and counted by {@link acquire}.
 */
export class ServingWatch {
  static readonly #bySubchannel = new WeakMap<object, ServingWatch>();

  /** The watch of `subchannel`'s real connection, created on first use. */
  static of(subchannel: Subchannel): ServingWatch {
    const real = subchannel.getRealSubchannel();
    let watch = ServingWatch.#bySubchannel.get(real);
    if (watch === undefined) {
      watch = new ServingWatch(real);
      ServingWatch.#bySubchannel.set(real, watch);
    }
    return watch;
  }

  readonly #subchannel: Subchannel;
  readonly #listeners = new Set<() => void>();
  #serving: boolean | undefined;
  #users = 0;
  #health: HealthClient | undefined;
  #call: ClientReadableStream<{ status: string }> | undefined;
  #timer: NodeJS.Timeout | undefined;

  private constructor(subchannel: Subchannel) {
    this.#subchannel = subchannel;
    subchannel.addConnectivityStateListener((_sub, _previous, next) => this.#onState(next));
  }

  /** The server's latest answer; see the class comment. */
  get serving(): boolean | undefined {
    return this.#serving;
  }

  /** Starts watching (if not yet) and calls `onChange` whenever {@link serving} changes. */
  acquire(onChange: () => void): void {
    this.#listeners.add(onChange);
    this.#users++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watchIfReady();
  }

  /** The counterpart of {@link acquire}; the stream stops a little after the last user left. */
  release(onChange: () => void): void {
    this.#listeners.delete(onChange);
    this.#users--;
    if (this.#users > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#stop(), LINGER_MS);
    this.#timer.unref();
  }

  #onState(state: number): void {
    if (state === connectivityState.READY) {
      this.#watchIfReady();
    } else {
      this.#cancelCall();
      this.#set(undefined);
    }
  }

  #watchIfReady(): void {
    if (this.#users === 0 || this.#call !== undefined || this.#subchannel.getConnectivityState() !== connectivityState.READY) return;
    this.#health ??= healthClientOver(this.#subchannel.getChannel());
    // The empty service name: the whole server, which a draining server reports NOT_SERVING.
    const call = this.#health.watch({ service: "" });
    this.#call = call;
    call.on("data", (response: { status: string }) => this.#set(response.status === "SERVING"));
    call.on("error", () => undefined); // the outcome is read from "status", which every call ends with
    call.on("status", (ended: StatusObject) => {
      if (this.#call !== call) return;
      this.#call = undefined;
      // A server without the health service is taken at its word that it serves.
      if (ended.code === status.UNIMPLEMENTED) {
        this.#set(true);
        return;
      }
      this.#set(undefined);
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#watchIfReady(), REWATCH_MS);
      this.#timer.unref();
    });
  }

  #cancelCall(): void {
    const call = this.#call;
    this.#call = undefined;
    call?.cancel();
  }

  #stop(): void {
    this.#timer = undefined;
    if (this.#users > 0) return;
    this.#cancelCall();
    this.#set(undefined);
  }

  #set(serving: boolean | undefined): void {
    if (serving === this.#serving) return;
    this.#serving = serving;
    for (const listener of [...this.#listeners]) listener();
  }
}
