import { builder } from "../builder.js";

/** An instant, as an ISO-8601 string in UTC (e.g. "2026-01-01T10:00:00.000Z"). */
export const DateTimeRef = builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC.",
  serialize: (date) => date.toISOString(),
  parseValue: (value) => {
    const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new TypeError("DateTime must be an ISO-8601 string");
    return date;
  },
});
