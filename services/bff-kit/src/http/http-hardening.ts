import type { IncomingMessage, ServerResponse } from "node:http";
import { arrivedOverTls } from "./client-ip.js";
import { corsHeaders } from "./cors.js";
import type { HttpPolicy } from "./http-policy.js";
import { securityHeaders } from "./security-headers.js";

/** The HTTP hardening every answer of a BFF gets, applied before anything else handles the request. */
export interface HttpHardening {
  /**
   * Sets the security headers and the CORS headers on `res` (whatever answers it later keeps them,
   * unless it sets the same header itself, as GraphiQL's CSP does). A CORS preflight (OPTIONS) is
   * answered here, 204; then it returns true and the request needs nothing more.
   */
  apply(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createHttpHardening(policy: HttpPolicy): HttpHardening {
  return {
    apply(req, res) {
      const tls = policy.hsts === "on" || (policy.hsts === "auto" && arrivedOverTls(req, policy.trustProxyHops));
      for (const [name, value] of securityHeaders(tls)) res.setHeader(name, value);
      const preflight = req.method === "OPTIONS";
      const cors = corsHeaders(policy.cors, req.headers.origin, preflight);
      if (cors) for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
      if (!preflight) return false;
      res.writeHead(204, { allow: "GET, POST, OPTIONS", "content-length": "0" });
      res.end();
      return true;
    },
  };
}
