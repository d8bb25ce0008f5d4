import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** One process of a release, started with plain `node <entry>` from the release folder. */
export interface ReleaseProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to its ready log line. */
  readonly readyMs: number;
  /** The last log lines (stdout and stderr), for a failure report. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start one process of a release. */
export interface ReleaseProcessOptions {
  readonly name: string;
  /** The release folder: the working directory, as in the image (WORKDIR /app). */
  readonly releaseDir: string;
  /** The entry point relative to the release folder, e.g. services/users/dist/main.js. */
  readonly entry: string;
  /** The whole environment: nothing of the test runner's own (no NODE_OPTIONS, no loaders) leaks in. */
  readonly env: Record<string, string>;
  /** The `msg` of the JSON log line that says the process is ready. */
  readonly readyMessage: string;
  readonly timeoutMs: number;
  /** Run as this user, like the image's `node` user (uid 1000). @default the test's own */
  readonly user?: { readonly uid: number; readonly gid: number };
}

/**
 * Spawns `node <entry>` in the release folder and resolves once the process logs `readyMessage`;
 * rejects with its last log lines when it exits first or takes longer than `timeoutMs`.
 */
export function startReleaseProcess(options: ReleaseProcessOptions): Promise<ReleaseProcess> {
  const spawned = performance.now();
  const child = spawn(process.execPath, [options.entry], { cwd: options.releaseDir, env: options.env, stdio: ["ignore", "pipe", "pipe"], ...options.user });
  const lines: string[] = [];
  const tail = (count = 40): string => lines.slice(-count).map((line) => `${options.name}: ${line}`).join("\n");
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 15_000): Promise<void> => {
    stopping ??= (async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(timer);
    })();
    return stopping;
  };

  return new Promise<ReleaseProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(1_000);
      reject(new Error(`${options.name} (node ${options.entry}) logged no "${options.readyMessage}" within ${options.timeoutMs} ms:\n${tail()}`));
    }, options.timeoutMs);
    const onLine = (line: string): void => {
      lines.push(line);
      if (lines.length > 500) lines.shift();
      if (readyMessageOf(line) !== options.readyMessage) return;
      clearTimeout(timer);
      resolve({ name: options.name, child, readyMs: Math.round(performance.now() - spawned), logTail: tail, stop });
    };
    splitLines(child.stdout!, onLine);
    splitLines(child.stderr!, onLine);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} (node ${join(options.releaseDir, options.entry)}) exited (code ${code}, signal ${signal}) before it was ready:\n${tail()}`));
    });
  });
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const part of parts) if (part !== "") onLine(part);
  });
}

/** The `msg` of a pino JSON line, or undefined for anything else. */
function readyMessageOf(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === "string" ? parsed.msg : undefined;
  } catch {
    return undefined;
  }
}
