import { createLogger } from "@shop/platform";
const l = createLogger("t", { sync: process.argv[2] === "sync" });
const t0 = performance.now();
for (let i = 0; i < 50000; i++) l.info({ method: "/shop.users.v1.UserService/GetUser", code: "OK", durationMs: 0.123, requestId: "0190f5b4-7c2a-7000-8000-000000000001", peer: "127.0.0.1:45678" }, "rpc");
process.stderr.write(`${(performance.now() - t0).toFixed(0)} ms\n`);
