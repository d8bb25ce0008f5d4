import { int, loadConfig, type ConfigOf } from "@shop/grpc-runtime";
import { domainServiceConfigSpec } from "@shop/service-host";

/** Every setting of the users service: its environment variable, meaning, format and default. */
export const usersConfigSpec = {
  ...domainServiceConfigSpec({ prefix: "USERS", port: 50061, metricsPort: 9461, healthPort: 50071, seedDoc: "the 1,000 demo users" }),
  // Session lifetimes (a family = one sign-in). The idle expiry never passes the absolute one.
  sessionIdleSeconds: {
    env: "USERS_SESSION_IDLE_SECONDS",
    doc: "A refresh token unused for this long stops working (idle expiry), in seconds",
    parse: int({ min: 60, max: 31_536_000 }),
    default: 1_209_600,
  },
  sessionMaxSeconds: {
    env: "USERS_SESSION_MAX_SECONDS",
    doc: "A session ends this long after sign-in however often it is refreshed (absolute expiry), in seconds",
    parse: int({ min: 60, max: 31_536_000 }),
    default: 2_592_000,
  },
} as const;

/** The parsed configuration of the users service. */
export type UsersConfig = ConfigOf<typeof usersConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` and `seed-command.ts` call this). */
export function loadUsersConfig(env: Record<string, string | undefined>): UsersConfig {
  return loadConfig(usersConfigSpec, env);
}
