/**
 * `@shop/users/testing`: what other packages' tests need to run the real UserService in memory —
 * its routes, the in-memory repository and the collaborators the routes take. Nothing here is new
 * behaviour; every export is the service's own.
 */
export { userRoutes } from "../../src/routes.js";
export type { UsersDependencies } from "../../src/dependencies.js";
export type { StoredUser, UserRepository } from "../../src/data/user-repository.js";
export { createPasswordHasher, UNUSABLE_PASSWORD_HASH } from "../../src/domain/password-hasher.js";
export type { PasswordHasher, ScryptParams } from "../../src/domain/password-hasher.js";
export { normalizeEmail } from "../../src/domain/email.js";
export { createInMemoryUserRepository } from "./in-memory-user-repository.js";
export type { InMemoryUserRepository } from "./in-memory-user-repository.js";
