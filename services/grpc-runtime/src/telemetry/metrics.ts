import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { statusName } from "../grpc/status-names.js";
import { METRIC_NAMES, type OperationOutcome } from "./metric-names.js";

/** Latency buckets in seconds, from a cache hit to a spent 5 s deadline. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** DataLoader batch sizes up to the contracts' 500 ids per call. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
/** RPCs per GraphQL operation. */
const RPC_COUNT_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20];

/** The instruments of one RPC method on one side: pre-labelled, so recording a call is two increments. */
export interface RpcMethodMetrics {
  /** Records one finished call: its final code and its duration (seconds), retries included. */
  record(code: number, seconds: number): void;
  /** Records one attempt that failed with `code` and is retried (client side only). */
  retried(code: number): void;
}

/** The instruments of one DataLoader. */
export interface LoaderMetrics {
  /** One batch of `size` keys sent. */
  batch(size: number): void;
  /** One `load` of a key; `hit` when the request's cache answered it. */
  load(hit: boolean): void;
}

/** What a database pool reports when scraped. */
export interface PoolSnapshot {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

/**
 * The Prometheus metrics of one process, in its own registry (several servers in one test process
 * do not mix their counts). Label sets are bounded: services and methods come from the contracts,
 * codes from gRPC, operation names from the caller's bounded set, tables from the schema.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #rpcRequests: Record<"server" | "client", Counter<"grpc_service" | "grpc_method" | "grpc_code">>;
  readonly #rpcDuration: Record<"server" | "client", Histogram<"grpc_service" | "grpc_method">>;
  readonly #retries: Counter<"grpc_service" | "grpc_method" | "grpc_code">;
  readonly #breakerRejections: Counter<"grpc_service">;
  readonly #operations: Counter<"operation" | "type" | "outcome">;
  readonly #operationDuration: Histogram<"operation" | "type">;
  readonly #operationRpcs: Histogram<"operation">;
  readonly #batchSize: Histogram<"loader">;
  readonly #loads: Counter<"loader">;
  readonly #cacheHits: Counter<"loader">;
  readonly #queryDuration: Histogram<"operation" | "table">;
  readonly #pools: (() => PoolSnapshot)[] = [];

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const rpcLabels = ["grpc_service", "grpc_method", "grpc_code"] as const;
    this.#rpcRequests = {
      server: new Counter({ name: METRIC_NAMES.rpcServerRequests, help: "gRPC calls served, by final status code", labelNames: rpcLabels, registers }),
      client: new Counter({ name: METRIC_NAMES.rpcClientRequests, help: "gRPC calls made, by final status code (after retries)", labelNames: rpcLabels, registers }),
    };
    this.#rpcDuration = {
      server: new Histogram({
        name: METRIC_NAMES.rpcServerDuration,
        help: "Time from a call's arrival to its answer, seconds",
        labelNames: ["grpc_service", "grpc_method"],
        buckets: LATENCY_BUCKETS,
        registers,
      }),
      client: new Histogram({
        name: METRIC_NAMES.rpcClientDuration,
        help: "Time from a call's start to its answer, retries included, seconds",
        labelNames: ["grpc_service", "grpc_method"],
        buckets: LATENCY_BUCKETS,
        registers,
      }),
    };
    this.#retries = new Counter({ name: METRIC_NAMES.rpcClientRetries, help: "Attempts retried, by the code the attempt failed with", labelNames: rpcLabels, registers });
    this.#breakerRejections = new Counter({
      name: METRIC_NAMES.rpcClientBreakerRejections,
      help: "Calls failed at once because the service's circuit breaker was open",
      labelNames: ["grpc_service"],
      registers,
    });
    this.#operations = new Counter({
      name: METRIC_NAMES.graphqlOperations,
      help: "GraphQL operations answered, by outcome (ok, partial = data with errors, error = no data)",
      labelNames: ["operation", "type", "outcome"],
      registers,
    });
    this.#operationDuration = new Histogram({
      name: METRIC_NAMES.graphqlOperationDuration,
      help: "Time from a GraphQL request's arrival to its response, seconds",
      labelNames: ["operation", "type"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#operationRpcs = new Histogram({
      name: METRIC_NAMES.graphqlOperationRpcs,
      help: "gRPC calls one GraphQL operation made",
      labelNames: ["operation"],
      buckets: RPC_COUNT_BUCKETS,
      registers,
    });
    this.#batchSize = new Histogram({ name: METRIC_NAMES.dataloaderBatchSize, help: "Keys per DataLoader batch (one RPC each)", labelNames: ["loader"], buckets: BATCH_BUCKETS, registers });
    this.#loads = new Counter({ name: METRIC_NAMES.dataloaderLoads, help: "Keys asked of a DataLoader", labelNames: ["loader"], registers });
    this.#cacheHits = new Counter({ name: METRIC_NAMES.dataloaderCacheHits, help: "Keys a DataLoader answered from its per-request cache", labelNames: ["loader"], registers });
    this.#queryDuration = new Histogram({
      name: METRIC_NAMES.dbQueryDuration,
      help: "SQL statement duration by statement kind and table, seconds",
      labelNames: ["operation", "table"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const pools = this.#pools;
    const sum = (pick: (s: PoolSnapshot) => number): number => pools.reduce((total, pool) => total + pick(pool()), 0);
    new Gauge({
      name: METRIC_NAMES.dbPoolConnections,
      help: "Database connections open, by state (in_use, idle)",
      labelNames: ["state"],
      registers,
      collect() {
        if (pools.length === 0) return;
        this.set({ state: "in_use" }, sum((s) => s.inUse));
        this.set({ state: "idle" }, sum((s) => s.idle));
      },
    });
    const poolGauge = (name: string, help: string, pick: (s: PoolSnapshot) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          if (pools.length > 0) this.set(sum(pick));
        },
      });
    };
    poolGauge(METRIC_NAMES.dbPoolWaiting, "Queries waiting for a free database connection", (s) => s.waiting);
    poolGauge(METRIC_NAMES.dbPoolMax, "Largest number of database connections the pool opens", (s) => s.max);
  }

  /** The instruments of `service`/`method` (e.g. "shop.catalog.v1.CatalogService", "BatchGetProducts") on one side. */
  rpcMethod(side: "server" | "client", service: string, method: string): RpcMethodMetrics {
    const requests = this.#rpcRequests[side];
    const duration = this.#rpcDuration[side].labels(service, method);
    const retries = this.#retries;
    const byCode = new Map<number, { inc(): void }>();
    const retriedByCode = new Map<number, { inc(): void }>();
    return {
      record(code, seconds) {
        let counter = byCode.get(code);
        if (counter === undefined) byCode.set(code, (counter = requests.labels(service, method, statusName(code))));
        counter.inc();
        duration.observe(seconds);
      },
      retried(code) {
        let counter = retriedByCode.get(code);
        if (counter === undefined) retriedByCode.set(code, (counter = retries.labels(service, method, statusName(code))));
        counter.inc();
      },
    };
  }

  /** One call refused at once by `service`'s open circuit breaker. */
  breakerRejected(service: string): void {
    this.#breakerRejections.labels(service).inc();
  }

  /** One GraphQL operation answered; `operation` must already be a bounded label (see `OperationNames`). */
  operation(operation: string, type: string, outcome: OperationOutcome, seconds: number, rpcs: number): void {
    this.#operations.labels(operation, type, outcome).inc();
    this.#operationDuration.labels(operation, type).observe(seconds);
    this.#operationRpcs.labels(operation).observe(rpcs);
  }

  /** The instruments of the DataLoader named `loader` (e.g. "products"). */
  loader(loader: string): LoaderMetrics {
    const size = this.#batchSize.labels(loader);
    const loads = this.#loads.labels(loader);
    const hits = this.#cacheHits.labels(loader);
    return {
      batch: (n) => size.observe(n),
      load(hit) {
        loads.inc();
        if (hit) hits.inc();
      },
    };
  }

  /** One SQL statement of kind `operation` (SELECT, INSERT, …) on `table` took `seconds`. */
  query(operation: string, table: string, seconds: number): void {
    this.#queryDuration.labels(operation, table).observe(seconds);
  }

  /** Reports a connection pool's state at every scrape. */
  watchPool(snapshot: () => PoolSnapshot): void {
    this.#pools.push(snapshot);
  }

  /** The exposition text of every metric (Prometheus text format 0.0.4). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
