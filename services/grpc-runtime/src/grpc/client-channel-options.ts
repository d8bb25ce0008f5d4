import type { ChannelOptions } from "@grpc/grpc-js";
import { HEALTH_ROUND_ROBIN, registerHealthRoundRobin } from "./health-round-robin.js";

/** The client options that become grpc-js channel options (part of `ClientOptions`). */
export interface ChannelSettings {
  /**
   * HTTP/2 keepalive: a ping on every connection this often, even between calls. With
   * `keepaliveTimeoutMs` it bounds how long a silent connection (a hung or frozen replica, a peer
   * gone without a FIN) keeps receiving calls: at most their sum, after which its calls fail
   * UNAVAILABLE (and are retried elsewhere) and the balancer stops picking it. @default 250
   */
  readonly keepaliveMs?: number;
  /** How long a keepalive ping may wait for its answer before the connection is dropped. @default 750 */
  readonly keepaliveTimeoutMs?: number;
  /**
   * Longest wait between attempts to reconnect to an address that went away (grpc-js backs off
   * from 100 ms, ×1.6 per attempt, up to this). Short, so that a replica started again is used
   * again within about this long. @default 1_000
   */
  readonly maxReconnectBackoffMs?: number;
  /**
   * `dns:///` targets: the least time between two DNS resolutions. The channel resolves again when
   * a connection closes (a pod going away, or the server's max connection age), so new pods are
   * picked up at most this long after that. @default 1_000
   */
  readonly dnsMinResolutionIntervalMs?: number;
  /**
   * `dns:///` targets: resolve the name again this often even when no connection closed, so
   * clients spread onto pods added by a scale-up. @default 10_000
   */
  readonly dnsRefreshIntervalMs?: number;
}

/** First wait before reconnecting to an address that went away (grpc-js's own default: 1 s). */
const INITIAL_RECONNECT_BACKOFF_MS = 100;

/**
 * The grpc-js options of a client channel: round-robin over the addresses whose server says
 * SERVING (see `health-round-robin.ts`), a short keepalive so a silent connection is dropped
 * within about a second, quick reconnects, DNS resolved again every few seconds. `extra` (the
 * client's `channelOptions`) override any of them.
 */
export function clientChannelOptions(settings: ChannelSettings, extra?: Readonly<Record<string, string | number>>): ChannelOptions {
  registerHealthRoundRobin();
  const refreshMs = positive("dnsRefreshIntervalMs", settings.dnsRefreshIntervalMs ?? 10_000);
  const maxBackoff = positive("maxReconnectBackoffMs", settings.maxReconnectBackoffMs ?? 1_000);
  return {
    "grpc.keepalive_time_ms": positive("keepaliveMs", settings.keepaliveMs ?? 250),
    "grpc.keepalive_timeout_ms": positive("keepaliveTimeoutMs", settings.keepaliveTimeoutMs ?? 750),
    // Also between calls: a replica that froze while idle is known before the next call picks it.
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.initial_reconnect_backoff_ms": Math.min(INITIAL_RECONNECT_BACKOFF_MS, maxBackoff),
    "grpc.max_reconnect_backoff_ms": maxBackoff,
    "grpc.dns_min_time_between_resolutions_ms": positive("dnsMinResolutionIntervalMs", settings.dnsMinResolutionIntervalMs ?? 1_000),
    "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ [HEALTH_ROUND_ROBIN]: { refreshMs } }] }),
    ...extra,
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 1) throw new Error(`createClient: ${name} must be a number of milliseconds ≥ 1, got ${value}`);
  return Math.round(value);
}
