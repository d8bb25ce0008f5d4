import { defineInvalidInputError } from "@shop/bff-shop/schema";
import { builder } from "../builder.js";

/** `InvalidInputError`: a member of every mutation result whose input the BFF or a service can refuse. */
defineInvalidInputError(builder);
