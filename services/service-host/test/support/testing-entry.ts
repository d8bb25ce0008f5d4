// `@shop/service-host/testing`: what the services' tests share to look at their telemetry.
export { createTestTelemetry, metricValue, parentIdOf, spansOfTrace } from "./test-telemetry.js";
export type { KeptSpans, LabelMatch, TestTelemetry } from "./test-telemetry.js";
