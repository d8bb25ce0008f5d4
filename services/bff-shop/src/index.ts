export { InvalidInputError } from "./invalid-input-error.js";
export { login } from "./login.js";
export type { LoginResult } from "./login.js";
export { decimalAmount, formatMoney, minorDigits } from "./money.js";
export { ORDER_LINE_READ_MASK } from "./order-line-read-mask.js";
export { OutOfStockError } from "./out-of-stock-error.js";
export { placeOrderFor } from "./place-order.js";
export type { PlaceOrderRequest } from "./place-order.js";
export { loadOwnOrder } from "./own-order.js";
