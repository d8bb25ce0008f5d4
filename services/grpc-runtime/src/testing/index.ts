export { createTestTransport } from "./test-transport.js";
export { propagatingTransport } from "./propagating-transport.js";
export { invalidArgumentFields } from "./invalid-argument-fields.js";
export { spanCollector } from "./span-collector.js";
export type { FinishedSpan, SpanExporter } from "./span-collector.js";
