export { createTestTransport } from "./test-transport.js";
