import { credentials, makeGenericClientConstructor, type Client, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/** A grpc.health.v1.Health client (the definition `grpc-health-check` ships). */
export type HealthClient = Client & {
  check(request: { service: string }, options: { deadline: number }, callback: (error: ServiceError | null, response?: { status: string }) => void): void;
  watch(request: { service: string }): ClientReadableStream<{ status: string }>;
};

const HealthClientConstructor = makeGenericClientConstructor(healthService, "Health");

/**
 * A health client over an existing channel (a transport's, or one subchannel's), so its calls
 * take the same connections as the calls they stand for. Never `close()` it: that would close
 * the channel it borrows.
 */
export function healthClientOver(channel: ReturnType<Client["getChannel"]>): HealthClient {
  return new HealthClientConstructor("health", credentials.createInsecure(), { channelOverride: channel }) as unknown as HealthClient;
}

/**
 * Asks the server the balancer picks for the grpc.health.v1 status of the whole server (the
 * empty service name); true only for SERVING within `timeoutMs`.
 */
export function probeServing(health: HealthClient, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    health.check({ service: "" }, { deadline: Date.now() + timeoutMs }, (error, response) => resolve(!error && response?.status === "SERVING"));
  });
}
