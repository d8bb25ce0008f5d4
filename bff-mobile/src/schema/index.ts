import { builder } from "../builder.js";
import "./auth.js";
import "./home.js";
import "./order.js";
import "./place-order.js";
import "./product.js";
import "./user.js";

/** The mobile GraphQL schema, built once. */
export const schema = builder.toSchema({ sortSchema: true });
