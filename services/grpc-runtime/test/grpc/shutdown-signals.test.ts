import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { UserService } from "@shop/contracts/users/v1";
import { describe, expect, it } from "vitest";
import { closeClient, createClient } from "../../src/index.js";

const fixture = fileURLToPath(new URL("./fixtures/signal-server.ts", import.meta.url));

describe("shutdownOnSignals", () => {
  it("when SIGTERM arrives during a call, then the call completes and the process exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const nextLine = async (): Promise<string> => {
        const line = await lines.next();
        if (line.done) throw new Error(`child closed its output early (exit code ${child.exitCode})`);
        return line.value;
      };
      const address = await nextLine();
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const client = createClient(UserService, address, { retry: false });
      const inFlight = client.getUser({ id: "u1" });
      // SIGTERM once the server holds the call (a fixed wait lost the race on a loaded machine:
      // the signal came before the connection, and the call met a closed port).
      expect(await nextLine()).toBe("call started");
      child.kill("SIGTERM");
      expect((await inFlight).user?.displayName).toBe("slow");
      closeClient(client);
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
