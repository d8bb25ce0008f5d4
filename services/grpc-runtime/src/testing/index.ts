export { createTestTransport } from "./test-transport.js";
export { propagatingTransport } from "./propagating-transport.js";
export { invalidArgumentFields } from "./invalid-argument-fields.js";
