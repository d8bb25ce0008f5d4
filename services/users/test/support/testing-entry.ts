/**
 * `@shop/users/testing`: what other packages' tests need to run the real UserService in memory —
 * its routes, the in-memory repositories and the collaborators the routes take. Nothing here is
 * new behaviour; every export is the service's own.
 */
export { userRoutes } from "../../src/routes.js";
export type { UsersDependencies } from "../../src/dependencies.js";
export type { SessionRepository, StoredSession } from "../../src/data/session-repository.js";
export type { StoredUser, UserRepository } from "../../src/data/user-repository.js";
export { createPasswordHasher, DEFAULT_ARGON2_PARAMS, UNUSABLE_PASSWORD_HASH } from "../../src/domain/password-hasher.js";
export type { Argon2Params, PasswordHasher } from "../../src/domain/password-hasher.js";
export { DEFAULT_SESSION_POLICY } from "../../src/domain/session-lifetime.js";
export type { SessionPolicy } from "../../src/domain/session-lifetime.js";
export { normalizeEmail } from "../../src/domain/email.js";
export { createInMemoryUserRepository } from "./in-memory-user-repository.js";
export type { InMemoryUserRepository } from "./in-memory-user-repository.js";
export { createInMemorySessionRepository } from "./in-memory-session-repository.js";
export type { InMemorySessionRepository } from "./in-memory-session-repository.js";
export { createInMemoryUsers, TEST_PASSWORD_PARAMS } from "./in-memory-users.js";
export type { InMemoryUsers } from "./in-memory-users.js";
