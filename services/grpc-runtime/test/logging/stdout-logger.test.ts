import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const platformIndex = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/** Runs `body` in a fresh Node process with `createLogger` in scope; returns its stdout lines. */
function runLogging(body: string): { lines: Record<string, unknown>[]; status: number | null } {
  const script = `import { createLogger } from ${JSON.stringify(platformIndex)};\n${body}`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  const lines = child.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, status: child.status };
}

describe("createLogger writing to stdout", () => {
  it("when a process logs and exits in the same turn, then every line still reaches stdout", () => {
    const { lines, status } = runLogging(
      `const log = createLogger("t"); for (let i = 0; i < 3; i++) log.info({ i }, "line"); process.exit(0);`,
    );
    expect(status).toBe(0);
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2]);
  });

  it("when a process dies of an uncaught exception right after logging, then the line is not lost", () => {
    const { lines, status } = runLogging(`createLogger("t").error({ step: "before crash" }, "about to fail"); throw new Error("boom");`);
    expect(status).not.toBe(0);
    expect(lines[0]).toMatchObject({ name: "t", level: 50, step: "before crash", msg: "about to fail" });
  });

  it("when a line is logged, then it is one JSON object with an epoch-millisecond time", () => {
    const { lines } = runLogging(`createLogger("svc").info({ method: "/x/Y" }, "rpc");`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ name: "svc", level: 30, method: "/x/Y", msg: "rpc" });
    expect(Math.abs(Number(lines[0]!.time) - Date.now())).toBeLessThan(60_000);
  });
});
