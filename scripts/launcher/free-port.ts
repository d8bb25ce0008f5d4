import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Where free ports are looked for: below the kernel's ephemeral range. A port the kernel hands
 * out for a `listen(0)` or an outgoing connection comes from that range, so a port chosen there
 * and bound a few seconds later (a service seeding its database first) could be taken meanwhile
 * by any client socket on the machine. Below it, only another explicit chooser can collide.
 */
function candidateRange(): readonly [number, number] {
  let ephemeralLow = 32_768;
  try {
    ephemeralLow = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // not Linux: keep the usual lower bound
  }
  const high = ephemeralLow - 1;
  return [Math.max(1_024, high - 12_000), high];
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (it is released again before it is
 * returned): a random one below the ephemeral range, else one the OS picks.
 */
export async function freePort(): Promise<number> {
  const [low, high] = candidateRange();
  if (high > low) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = await tryListen(low + Math.floor(Math.random() * (high - low + 1)));
      if (port !== undefined) return port;
    }
  }
  const port = await tryListen(0);
  if (port === undefined) throw new Error("freePort: could not bind any port on 127.0.0.1");
  return port;
}

/**
 * Free ports that are all different: {@link freePort} picks at random and releases the port before
 * returning it, so two picks for one launch (a process's gRPC port and its `/metrics` port, say)
 * could otherwise coincide.
 */
export function distinctFreePorts(): () => Promise<number> {
  const given = new Set<number>();
  return async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = await freePort();
      if (!given.has(port)) {
        given.add(port);
        return port;
      }
    }
    throw new Error("distinctFreePorts: no free port left that was not handed out already");
  };
}
