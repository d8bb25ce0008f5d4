export { login } from "./login.js";
export type { LoginResult } from "./login.js";
export { decimalAmount, formatMoney, minorDigits } from "./money.js";
export { placeOrderFor } from "./place-order.js";
export type { PlaceOrderOutcome, PlaceOrderRequest } from "./place-order.js";
