// `npm run pki -- --out <dir>`: a throwaway development CA and one certificate per process, as PEM
// files, for a development cluster's TLS Secrets (deploy/k8s/README.md, "TLS") or any other place
// that needs the processes' mTLS files outside `npm start` (which makes its own in .dev-pki/).
// Never for production: the CA's key is not kept, so nothing can be renewed or added later; make a
// new set and replace every Secret instead.
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { IDENTITY_NAME } from "@shop/grpc-runtime";
import { createDevPki } from "@shop/grpc-runtime/testing";

/** The processes of the system (their certificates' CN) and `jobs`, the identity of internal callers. */
const DEFAULT_IDENTITIES = ["users", "catalog", "orders", "bff-web", "bff-mobile", "jobs"];
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DAYS = 398;

const HELP = `Usage: npm run pki -- --out <dir> [--namespace <ns>] [--identities a,b,…] [--days <n>] [--force]

Writes a fresh development CA and one certificate per identity (subject CN = the identity; SANs
localhost, 127.0.0.1 and the identity's name), usable as TLS server and client certificate:
  <dir>/ca.pem               the CA certificate (its key is discarded)
  <dir>/<identity>.pem       the identity's certificate
  <dir>/<identity>.key.pem   its private key (ECDSA P-256, PKCS#8, mode 0600)

  --out <dir>          where to write (created if missing)
  --namespace <ns>     also name each certificate <identity>.<ns>, <identity>.<ns>.svc and
                       <identity>.<ns>.svc.cluster.local (Kubernetes Services in namespace <ns>)
  --identities <list>  comma-separated (default: ${DEFAULT_IDENTITIES.join(",")})
  --days <n>           validity in days, 1 to ${MAX_DAYS} (default: 30)
  --force              write into a folder that already holds files (they are replaced)`;

interface PkiOptions {
  readonly out: string;
  readonly namespace: string | undefined;
  readonly identities: readonly string[];
  readonly days: number;
  readonly force: boolean;
}

function parseOptions(argv: readonly string[]): PkiOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: "string" },
      namespace: { type: "string" },
      identities: { type: "string" },
      days: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  if (values.out === undefined || values.out.trim() === "") throw new Error("--out <dir> is required");
  const namespace = values.namespace;
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) throw new Error(`--namespace: "${namespace.slice(0, 64)}" is not a Kubernetes namespace name`);
  const identities = values.identities === undefined ? DEFAULT_IDENTITIES : values.identities.split(",").map((name) => name.trim());
  for (const name of identities) {
    if (!IDENTITY_NAME.test(name)) throw new Error(`--identities: "${name.slice(0, 64)}" is not an identity name (${IDENTITY_NAME.source})`);
  }
  if (new Set(identities).size !== identities.length) throw new Error("--identities: an identity is named twice");
  const days = values.days === undefined ? 30 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new Error(`--days: expected a whole number from 1 to ${MAX_DAYS}, got "${values.days}"`);
  return { out: resolve(values.out), namespace, identities, days, force: values.force };
}

let options: PkiOptions | "help";
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  process.exit(2);
}
if (options === "help") {
  console.log(HELP);
  process.exit(0);
}
if (!options.force && existsSync(options.out) && readdirSync(options.out).length > 0) {
  console.error(`${options.out} already holds files; pass --force to replace them, or choose an empty folder.`);
  process.exit(2);
}

const { namespace } = options;
await createDevPki({
  identities: options.identities,
  dir: options.out,
  notAfter: new Date(Date.now() + options.days * 86_400_000),
  caName: "shop development CA (npm run pki)",
  ...(namespace === undefined ? {} : { extraDnsNames: (name: string) => [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`] }),
});
console.log(
  `Wrote ${options.out}/ca.pem and a certificate and key for ${options.identities.join(", ")} (valid ${options.days} days${namespace === undefined ? "" : `, names in namespace ${namespace}`}).`,
);
