import { loadConfig, type ConfigOf } from "@shop/grpc-runtime";
import { domainServiceConfigSpec } from "@shop/service-host";

/** Every setting of the users service: its environment variable, meaning, format and default. */
export const usersConfigSpec = {
  ...domainServiceConfigSpec({ prefix: "USERS", port: 50061, metricsPort: 9461, seedDoc: "the 1,000 demo users" }),
} as const;

/** The parsed configuration of the users service. */
export type UsersConfig = ConfigOf<typeof usersConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` and `seed-command.ts` call this). */
export function loadUsersConfig(env: Record<string, string | undefined>): UsersConfig {
  return loadConfig(usersConfigSpec, env);
}
