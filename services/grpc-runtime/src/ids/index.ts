export { isUuidV7, newId, uuidV7From } from "./uuidv7.js";
