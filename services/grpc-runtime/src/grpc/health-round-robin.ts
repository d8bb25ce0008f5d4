import { connectivityState, experimental, type ChannelOptions, type StatusObject } from "@grpc/grpc-js";
import { ServingWatch } from "./serving-watch.js";

type ChannelControlHelper = experimental.ChannelControlHelper;
type Endpoint = experimental.Endpoint;
type SubchannelInterface = experimental.SubchannelInterface;
type StatusOr<T> = { ok: true; value: T } | { ok: false; error: StatusObject };

/** The balancing policy's name in a grpc-js service config. */
export const HEALTH_ROUND_ROBIN = "shop_health_round_robin";

/** Settings of {@link HEALTH_ROUND_ROBIN} (its service-config JSON). */
export interface HealthRoundRobinSettings {
  /**
   * Ask the resolver for the addresses again this often, so a `dns:///` target spreads onto pods
   * added since (the IP resolver of a fixed list answers once and ignores it).
   */
  readonly refreshMs: number;
}

class HealthRoundRobinConfig implements experimental.TypedLoadBalancingConfig {
  constructor(readonly settings: HealthRoundRobinSettings) {}

  getLoadBalancerName(): string {
    return HEALTH_ROUND_ROBIN;
  }

  toJsonObject(): object {
    return { [HEALTH_ROUND_ROBIN]: { refreshMs: this.settings.refreshMs } };
  }

  static createFromJson(json: unknown): HealthRoundRobinConfig {
    const refreshMs = (json as { refreshMs?: unknown } | undefined)?.refreshMs ?? 10_000;
    if (typeof refreshMs !== "number" || !(refreshMs >= 100)) throw new Error(`${HEALTH_ROUND_ROBIN}: refreshMs must be a number ≥ 100, got ${String(refreshMs)}`);
    return new HealthRoundRobinConfig({ refreshMs });
  }
}

/**
 * A subchannel whose health, as round_robin's children see it, is what its server reports on
 * grpc.health.v1 Watch: only a server that said SERVING is picked, so neither a draining one
 * (NOT_SERVING) nor one just started, before it says it is ready. Except when no connected server
 * says SERVING: then every connected one is used (better an answer from a draining or starting
 * server than none; at a client's start, before the first answers, that is every server).
 */
class HealthCheckedSubchannel extends experimental.BaseSubchannelWrapper {
  readonly watch: ServingWatch;
  readonly #balancer: HealthRoundRobin;
  readonly #onChange = (): void => this.#balancer.recomputeHealth();
  #released = false;

  constructor(child: SubchannelInterface, balancer: HealthRoundRobin) {
    super(child);
    this.#balancer = balancer;
    this.watch = ServingWatch.of(child);
    this.watch.acquire(this.#onChange);
    child.addConnectivityStateListener(this.#onChange);
  }

  /** Connected, and its server said SERVING. */
  get isServing(): boolean {
    return this.getConnectivityState() === connectivityState.READY && this.watch.serving === true;
  }

  applyHealth(healthy: boolean): void {
    this.setHealthy(healthy);
  }

  protected override destroy(): void {
    super.destroy();
    if (this.#released) return;
    this.#released = true;
    this.watch.release(this.#onChange);
    this.child.removeConnectivityStateListener(this.#onChange);
    this.#balancer.forget(this);
  }
}

/**
 * round_robin over every resolved address whose server says SERVING on its health Watch stream
 * (grpc-js has no client-side health checking of its own), asking the resolver again every
 * `refreshMs`. A draining server (see `GrpcServer.shutdown`) thus stops getting calls before it
 * sends GOAWAY, and a restarted one gets them once it is ready, not as soon as it listens.
 */
class HealthRoundRobin implements experimental.LoadBalancer {
  readonly #helper: ChannelControlHelper;
  readonly #child: experimental.ChildLoadBalancerHandler;
  readonly #subchannels = new Set<HealthCheckedSubchannel>();
  #refresh: NodeJS.Timeout | undefined;
  #refreshMs = 0;

  constructor(helper: ChannelControlHelper) {
    this.#helper = helper;
    this.#child = new experimental.ChildLoadBalancerHandler(
      experimental.createChildChannelControlHelper(helper, {
        createSubchannel: (address: experimental.SubchannelAddress, args: ChannelOptions) => {
          const subchannel = new HealthCheckedSubchannel(helper.createSubchannel(address, args), this);
          this.#subchannels.add(subchannel);
          return subchannel;
        },
      }),
    );
  }

  updateAddressList(endpoints: StatusOr<Endpoint[]>, config: experimental.TypedLoadBalancingConfig, options: ChannelOptions, note: string): boolean {
    if (!(config instanceof HealthRoundRobinConfig)) return false;
    this.#schedule(config.settings.refreshMs);
    const accepted = this.#child.updateAddressList(endpoints as never, ROUND_ROBIN(), options, note);
    this.recomputeHealth();
    return accepted;
  }

  /** Re-decides which subchannels count as healthy (called when a state or a health answer changes). */
  recomputeHealth(): void {
    let anyServing = false;
    for (const subchannel of this.#subchannels) if (subchannel.isServing) anyServing = true;
    for (const subchannel of this.#subchannels) subchannel.applyHealth(!anyServing || subchannel.watch.serving === true);
  }

  forget(subchannel: HealthCheckedSubchannel): void {
    this.#subchannels.delete(subchannel);
    this.recomputeHealth();
  }

  exitIdle(): void {
    this.#child.exitIdle();
  }

  resetBackoff(): void {
    this.#child.resetBackoff();
  }

  destroy(): void {
    clearInterval(this.#refresh);
    this.#refresh = undefined;
    this.#child.destroy();
  }

  getTypeName(): string {
    return HEALTH_ROUND_ROBIN;
  }

  #schedule(refreshMs: number): void {
    if (this.#refresh !== undefined && refreshMs === this.#refreshMs) return;
    clearInterval(this.#refresh);
    this.#refreshMs = refreshMs;
    this.#refresh = setInterval(() => this.#helper.requestReresolution(), refreshMs);
    this.#refresh.unref();
  }
}

let roundRobin: experimental.TypedLoadBalancingConfig | undefined;
function ROUND_ROBIN(): experimental.TypedLoadBalancingConfig {
  roundRobin ??= experimental.parseLoadBalancingConfig({ round_robin: {} });
  return roundRobin;
}

/** Registers {@link HEALTH_ROUND_ROBIN} with grpc-js (once per process). */
export function registerHealthRoundRobin(): void {
  if (experimental.isLoadBalancerNameRegistered(HEALTH_ROUND_ROBIN)) return;
  experimental.registerLoadBalancerType(HEALTH_ROUND_ROBIN, HealthRoundRobin, HealthRoundRobinConfig);
}
