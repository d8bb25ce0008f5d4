import type { Server } from "@grpc/grpc-js";
import { HealthImplementation, type ServingStatus } from "grpc-health-check";

/** grpc.health.v1.Health for a server: the overall status ("") and one status per hosted service. */
export class HealthStatus {
  readonly #impl: HealthImplementation;
  readonly #services: readonly string[];

  constructor(serviceNames: readonly string[], serving: boolean) {
    this.#services = ["", ...serviceNames];
    const status: ServingStatus = serving ? "SERVING" : "NOT_SERVING";
    this.#impl = new HealthImplementation(Object.fromEntries(this.#services.map((name) => [name, status])));
  }

  /** Adds the Health service (Check and Watch) to `server`. */
  addTo(server: Server): void {
    this.#impl.addToServer(server);
  }

  /** Sets every status to SERVING or NOT_SERVING; Watch streams see the change. */
  set(serving: boolean): void {
    const status: ServingStatus = serving ? "SERVING" : "NOT_SERVING";
    for (const name of this.#services) this.#impl.setStatus(name, status);
  }
}
