import type { FieldViolations } from "@shop/service-host";

// Short, lower-case, printable: it names a kind of client in sessions and logs, never free text.
const CLIENT_PATTERN = /^[a-z0-9-]{1,32}$/;

/** Records a violation on `field` unless `client` is 1 to 32 characters of [a-z0-9-] ("web", "mobile", …). */
export function checkClient(violations: FieldViolations, field: string, client: string): void {
  if (client === "") violations.add(field, "is required (1 to 32 characters of [a-z0-9-])");
  else if (!CLIENT_PATTERN.test(client)) violations.add(field, "must be 1 to 32 characters of [a-z0-9-]");
}
