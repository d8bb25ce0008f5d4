import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { UserService } from "@shop/contracts/users/v1";
import { describe, expect, it } from "vitest";
import { closeClient, createClient } from "../../src/index.js";

const fixture = fileURLToPath(new URL("./fixtures/signal-server.ts", import.meta.url));

describe("shutdownOnSignals", () => {
  it("when SIGTERM arrives during a call, then the call completes and the process exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
        child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const client = createClient(UserService, address, { retry: false });
      const inFlight = client.getUser({ id: "u1" });
      await new Promise((r) => setTimeout(r, 100));
      child.kill("SIGTERM");
      expect((await inFlight).user?.displayName).toBe("slow");
      closeClient(client);
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
