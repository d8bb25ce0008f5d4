export { createTestTransport, createTestTransportAs } from "./test-transport.js";
export { createDevPki } from "./dev-pki.js";
export type { DevPki, DevPkiIdentity, DevPkiOptions } from "./dev-pki.js";
export { propagatingTransport } from "./propagating-transport.js";
export { endUserTransport } from "./end-user-transport.js";
export { invalidArgumentFields } from "./invalid-argument-fields.js";
export { spanCollector } from "./span-collector.js";
export type { FinishedSpan, SpanExporter } from "./span-collector.js";
