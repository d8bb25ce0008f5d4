/** The three stacks compared side by side. */
export const VARIANTS = ["project", "raw-grpcjs", "connect"] as const;

/** One of {@link VARIANTS}. */
export type Variant = (typeof VARIANTS)[number];

/** The two payloads. */
export const PAYLOADS = ["small", "batch50"] as const;

/** One of {@link PAYLOADS}. */
export type Payload = (typeof PAYLOADS)[number];

/** A started server reports its port over IPC with this message. */
export interface ReadyMessage {
  readonly port: number;
}

/** The server's answer to a "cpu" message: `process.cpuUsage()` so far. */
export interface CpuMessage {
  readonly cpu: NodeJS.CpuUsage;
}
