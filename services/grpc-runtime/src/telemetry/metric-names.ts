/**
 * Every metric this code exports besides prom-client's default process metrics, by name. The
 * dashboards and alert rules in `deploy/observability/` may name only these (and the defaults);
 * a test holds them to it.
 */
export const METRIC_NAMES = {
  rpcServerRequests: "shop_rpc_server_requests_total",
  rpcServerDuration: "shop_rpc_server_duration_seconds",
  rpcClientRequests: "shop_rpc_client_requests_total",
  rpcClientDuration: "shop_rpc_client_duration_seconds",
  rpcClientRetries: "shop_rpc_client_retries_total",
  rpcClientBreakerRejections: "shop_rpc_client_breaker_rejections_total",
  graphqlOperations: "shop_graphql_operations_total",
  graphqlOperationDuration: "shop_graphql_operation_duration_seconds",
  graphqlOperationRpcs: "shop_graphql_operation_rpcs",
  dataloaderBatchSize: "shop_dataloader_batch_size",
  dataloaderLoads: "shop_dataloader_loads_total",
  dataloaderCacheHits: "shop_dataloader_cache_hits_total",
  dbQueryDuration: "shop_db_query_duration_seconds",
  dbPoolConnections: "shop_db_pool_connections",
  dbPoolWaiting: "shop_db_pool_waiting_requests",
  dbPoolMax: "shop_db_pool_max_connections",
} as const;

/** Outcome of one GraphQL operation: no error, data with errors, or no data. */
export type OperationOutcome = "ok" | "partial" | "error";
