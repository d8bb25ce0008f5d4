import { describe, expect, it } from "vitest";
import { formatTraceparent, logIdsOf, newTraceparent, parseTraceparent } from "./trace-context.js";

const VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("traceparent", () => {
  it("when a valid value is parsed, then its ids and sampled flag are read and format gives it back", () => {
    const parsed = parseTraceparent(VALID);
    expect(parsed).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true });
    expect(formatTraceparent(parsed!)).toBe(VALID);
    expect(parseTraceparent(VALID.replace(/01$/, "00"))?.sampled).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["upper-case hex", VALID.toUpperCase()],
    ["all-zero trace id", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`],
    ["all-zero span id", `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`],
    ["version ff", VALID.replace(/^00/, "ff")],
    ["version 00 with an extra field", `${VALID}-extra`],
    ["short trace id", "00-4bf92f3577b34da6-00f067aa0ba902b7-01"],
    ["oversized", `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-${"a".repeat(600)}`],
  ])("when the value is %s, then it is treated as absent", (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it("when a later version carries extra fields, then the known four are read", () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-future`)?.sampled).toBe(true);
  });

  it("when a new trace starts, then its value parses, ids differ each time and the flag follows the choice", () => {
    const a = newTraceparent(true);
    const b = newTraceparent(false);
    expect(parseTraceparent(a)?.sampled).toBe(true);
    expect(parseTraceparent(b)?.sampled).toBe(false);
    expect(logIdsOf(a).traceId).not.toBe(logIdsOf(b).traceId);
    expect(logIdsOf(VALID)).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" });
  });
});
