import { builder } from "../builder.js";
import "./product.js";
import "./order.js";
import "./user.js";
import "./home.js";
import "./invalid-input-error.js";
import "./login-payload.js";
import "./place-order-result.js";
import "./session.js";
import "./account.js";

/** The mobile BFF's schema: every type registered by the files above. */
export const schema = builder.toSchema({ sortSchema: true });
