import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "../../../scripts/launcher/node-flags.js";
import type { ServiceTargets } from "./raw-home.js";

const ENTRY = fileURLToPath(new URL("./naive/main.ts", import.meta.url));

/** The naive BFF running in its own process. */
export interface NaiveBff {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the naive BFF (peer b) on a free port and waits for its "listening" line. */
export async function startNaiveBff(targets: ServiceTargets, jwtSecret: string, timeoutMs = 60_000): Promise<NaiveBff> {
  const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", ENTRY], {
    env: {
      ...process.env,
      NAIVE_PORT: "0",
      USERS_TARGETS: targets.users,
      CATALOG_TARGETS: targets.catalog,
      ORDERS_TARGETS: targets.orders,
      JWT_SECRET: jwtSecret,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`naive BFF did not listen within ${timeoutMs} ms`)), timeoutMs);
      child.once("exit", (code) => reject(new Error(`naive BFF exited with ${code}: ${stderr}`)));
      lines.on("line", (line) => {
        try {
          const parsed = JSON.parse(line) as { listening?: string };
          if (parsed.listening) {
            clearTimeout(timer);
            resolve(parsed.listening);
          }
        } catch {
          // not the line we wait for
        }
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
