import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tracesUrlOf } from "@shop/grpc-runtime";
import { afterAll, describe, expect, it } from "vitest";
import { certManagerProblems } from "./support/cert-manager-checks.js";
import type { OutOfBandSecrets } from "./support/container-env.js";
import { dataOf, ofKind, autoscalersOf, type K8sObject } from "./support/k8s-objects.js";
import { kustomizeUnavailableReason, renderKustomization } from "./support/kustomize.js";
import { grpcHealthCheck, httpProbeStatus, nodeOptionsRefusal, startBffFor, startDomainServiceFor, type RunningForProbe } from "./support/live-health.js";
import { analyseManifests, type AnalysedWorkload } from "./support/manifest-analysis.js";
import { manifestProblems } from "./support/manifest-problems.js";
import { createDevTlsSecrets, TLS_SECRET_KEYS, tlsSecretOf } from "./support/mounted-secrets.js";
import { memoryBytes } from "./support/quantities.js";
import { SHOP_PROCESSES } from "./support/shop-processes.js";

/**
 * deploy/k8s rendered by `kubectl kustomize` (both overlays) and checked against the code: the
 * processes' own config loaders read each container's environment, the servers load their mTLS
 * identity from the Secret they mount (stand-in files from a throwaway dev CA), the real servers
 * answer the probes, and the objects point at each other correctly. The last block shows the
 * checks fail on manifests broken on purpose.
 */

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OVERLAYS = ["dev", "prod"] as const;
type Overlay = (typeof OVERLAYS)[number];
const README = readFileSync(join(REPO_ROOT, "deploy/k8s/README.md"), "utf8");

/** Every process identity (certificate CN), and the TLS Secret each one's pods mount. */
const IDENTITIES = Object.keys(SHOP_PROCESSES);
const TLS_SECRETS = IDENTITIES.map(tlsSecretOf);

/** Local files standing in for the TLS Secrets: one dev CA, one certificate per identity. */
const tlsSecrets = await createDevTlsSecrets(IDENTITIES);
afterAll(() => tlsSecrets.remove());

/** Both overlays expect the TLS Secrets to exist (cert-manager or `kubectl create secret`): kustomize cannot make certificates. */
const DEV_SECRETS: OutOfBandSecrets = { names: new Set(TLS_SECRETS), placeholder: (key) => `no placeholder for ${key}` };
/** What prod expects to be created out of band: shop-secrets, with valid stand-ins for its values, and the TLS Secrets. */
const PROD_SECRETS: OutOfBandSecrets = {
  names: new Set(["shop-secrets", ...TLS_SECRETS]),
  placeholder: (key) =>
    key.endsWith("_DATABASE_URL")
      ? `postgres://shop:placeholder@db.example.internal:5432/shop_${key.replace(/_DATABASE_URL$/, "").toLowerCase()}`
      : key === "JWT_SECRET"
        ? "placeholder-jwt-secret-of-at-least-32-characters"
        : key === "REDIS_URL"
          ? "rediss://:placeholder@redis.example.internal:6379"
          : `placeholder for ${key}`,
};
const SECRETS_OF: Record<Overlay, OutOfBandSecrets> = { dev: DEV_SECRETS, prod: PROD_SECRETS };
const optionsOf = (overlay: Overlay) => ({ outOfBand: SECRETS_OF[overlay], secretFiles: tlsSecrets });

const unavailable = kustomizeUnavailableReason();
if (unavailable !== undefined) console.warn(`k8s manifests: skipped, ${unavailable}`);

const renderings = new Map<string, K8sObject[]>();
/** A kustomization under deploy/k8s as `kubectl kustomize` prints it, rendered once per file. */
const renderedAt = (dir: string): K8sObject[] => {
  if (!renderings.has(dir)) renderings.set(dir, renderKustomization(join(REPO_ROOT, "deploy/k8s", dir)));
  return renderings.get(dir)!;
};
const renderedOf = (overlay: Overlay): K8sObject[] => renderedAt(`overlays/${overlay}`);
const analysisOf = (overlay: Overlay) => analyseManifests(renderedOf(overlay), optionsOf(overlay));
const deploymentsOf = (overlay: Overlay) => analysisOf(overlay).workloads.filter((w) => w.workload.kind === "Deployment");

describe.skipIf(unavailable !== undefined)("deploy/k8s rendered by kubectl kustomize", () => {
  describe.each(OVERLAYS)("overlay %s", (overlay) => {
    it("when every workload is read against its process's code, then nothing disagrees: entrypoints, env keys, config in production mode, ports, probes, selectors, targets, hardening, budgets, autoscalers", () => {
      expect(manifestProblems(renderedOf(overlay), { repoRoot: REPO_ROOT, ...optionsOf(overlay) })).toEqual([]);
      expect(deploymentsOf(overlay).map((w) => w.entry?.process.name).sort()).toEqual(["bff-mobile", "bff-web", "catalog", "orders", "users"]);
    });

    it("when each workload's TLS is read, then every server speaks mTLS as its own identity from its own Secret, read-only at the path shop-common names, and no migration Job holds a key", () => {
      for (const { label, entry, trust, trustError, secretMounts, podEnv, workload } of analysisOf(overlay).workloads) {
        const tls = secretMounts.filter((mount) => mount.secretName.startsWith(tlsSecretOf("")));
        if (workload.kind === "Job") {
          expect(tls, label).toEqual([]);
          continue;
        }
        const identity = entry!.process.name;
        expect([label, trustError, trust?.mode, trust?.mode === "mtls" ? trust.identity.name : undefined]).toEqual([label, undefined, "mtls", identity]);
        expect(tls.map((mount) => [mount.secretName, mount.readOnly]), label).toEqual([[tlsSecretOf(identity), true]]);
        const at = tls[0]!.mountPath;
        expect([podEnv.GRPC_TLS_CA_FILE, podEnv.GRPC_TLS_CERT_FILE, podEnv.GRPC_TLS_KEY_FILE], label).toEqual([
          `${at}/${TLS_SECRET_KEYS.ca}`,
          `${at}/${TLS_SECRET_KEYS.cert}`,
          `${at}/${TLS_SECRET_KEYS.key}`,
        ]);
      }
      expect(dataOf(renderedOf(overlay), "ConfigMap", "shop-common")?.GRPC_INSECURE).toBeUndefined();
    });

    describe("when the probes are asked of the real servers started with the manifest's environment", () => {
      const running: RunningForProbe[] = [];
      afterAll(async () => {
        await Promise.all(running.splice(0).map((server) => server.stop()));
      });

      it("then each domain service's plaintext health port answers SERVING for the gRPC probes' service name, while its gRPC port refuses plaintext and answers a BFF's certificate under the name clients dial", async () => {
        const services = deploymentsOf(overlay).filter((w) => w.entry?.process.kind === "domain-service");
        expect(services).toHaveLength(3);
        const web = tlsSecrets.filesOf("bff-web");
        for (const { entry, env, container, label } of services) {
          const name = entry!.process.name as "users" | "catalog" | "orders";
          const server = await startDomainServiceFor(name, env.env);
          running.push(server);
          for (const probe of [container!.startupProbe, container!.readinessProbe, container!.livenessProbe]) {
            expect(await grpcHealthCheck(server.healthAddress, probe!.grpc!.service ?? ""), `${label} ${probe!.grpc!.service}`).toBe("SERVING");
          }
          const service = container!.readinessProbe!.grpc!.service ?? "";
          expect(await grpcHealthCheck(server.address, service), `${label}: plaintext on the gRPC port`).toMatch(/^error 14:/);
          const tls = { caPem: readFileSync(web.ca), certPem: readFileSync(web.cert), keyPem: readFileSync(web.key), serverName: name };
          expect(await grpcHealthCheck(server.address, service, { tls }), `${label}: mTLS as bff-web to ${name}`).toBe("SERVING");
        }
      });

      it("then each BFF answers 200 on every probe path", async () => {
        const bffs = deploymentsOf(overlay).filter((w) => w.entry?.process.kind === "bff");
        expect(bffs).toHaveLength(2);
        for (const { entry, env, container, label } of bffs) {
          const server = await startBffFor(entry!.process.name as "bff-web" | "bff-mobile", env.env);
          running.push(server);
          for (const probe of [container!.startupProbe, container!.readinessProbe, container!.livenessProbe]) {
            expect(await httpProbeStatus(`${server.address}${probe!.httpGet!.path}`), `${label} ${probe!.httpGet!.path}`).toBe(200);
          }
        }
      });
    });

    it("when node starts with each container's NODE_OPTIONS, then it accepts them", () => {
      const values = new Set(analysisOf(overlay).workloads.map((w) => w.env.env.NODE_OPTIONS ?? ""));
      for (const value of values) expect(nodeOptionsRefusal(value), value).toBeUndefined();
    });

    it("when the README's first release step applies only the objects its selector takes, then those are every migration Job with all it reads, and nothing that serves", () => {
      const selector = new RegExp(`kubectl apply -k deploy/k8s/overlays/${overlay} -l '([^'=!]+)!=([^']+)'`).exec(README);
      expect(selector, "a `kubectl apply -k … -l 'key!=value'` step in the README").not.toBeNull();
      const [, key, value] = selector!;
      const step = renderedOf(overlay).filter((object) => object.metadata.labels?.[key!] !== value);
      expect(step.filter((object) => !["ConfigMap", "Secret", "Job"].includes(object.kind)).map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([]);
      const jobs = analyseManifests(step, optionsOf(overlay)).workloads;
      expect(jobs.map((w) => w.label).sort()).toEqual(["Job catalog-migrate", "Job orders-migrate", "Job users-migrate"]);
      expect(jobs.flatMap((w) => [...w.env.problems, ...(w.configError === undefined ? [] : [w.configError])])).toEqual([]);
    });

    it("when a manifest sets a key, then deploy/k8s/README.md's configuration table lists it", () => {
      const keys = new Set(analysisOf(overlay).workloads.flatMap((w) => Object.keys(w.env.env)));
      expect([...keys].filter((key) => !README.includes(`| \`${key}\` |`))).toEqual([]);
    });

    it("when the README's loop makes the TLS Secrets from PEM files (`npm run pki`'s, or your CA's), then it makes exactly the Secrets the overlay mounts, in its namespace, with the keys ca.crt, tls.crt and tls.key", () => {
      const namespace = analysisOf(overlay).namespace;
      const loop = new RegExp(`for id in ([a-z -]+); do\\s*\\n\\s*kubectl -n ${namespace} create secret generic shop-tls-\\$id((?:[^\\n]*\\\\\\n)*[^\\n]*)`).exec(README);
      expect(loop, `a \`for id in …; do kubectl -n ${namespace} create secret generic shop-tls-$id …\` loop in the README`).not.toBeNull();
      const mounted = new Set(analysisOf(overlay).workloads.flatMap((w) => w.secretMounts.map((mount) => mount.secretName)));
      expect(loop![1]!.trim().split(/\s+/).map(tlsSecretOf).sort()).toEqual([...mounted].filter((name) => name.startsWith(tlsSecretOf(""))).sort());
      expect([...loop![2]!.matchAll(/--from-file=([a-z.]+)=/g)].map((match) => match[1]).sort()).toEqual(Object.values(TLS_SECRET_KEYS).sort());
    });
  });

  it("when deploy/k8s/cert-manager is rendered, then it issues, from one CA of the dev namespace, exactly the TLS Secrets the dev overlay mounts, each for its process's identity and the names clients dial", () => {
    const pki = renderedAt("cert-manager");
    expect(certManagerProblems(pki, analysisOf("dev"))).toEqual([]);
    const issued = ofKind(pki, "Certificate").map((certificate) => (certificate as any).spec).filter((spec) => spec.isCA !== true);
    expect(issued.map((spec) => spec.secretName).sort()).toEqual([...TLS_SECRETS].sort());
    expect(issued.map((spec) => [spec.secretName, spec.commonName])).toEqual(issued.map((spec) => [spec.secretName, spec.secretName.replace(/^shop-tls-/, "")]));
  });

  it("when prod is rendered, then the BFFs believe one proxy hop, send HSTS, share their limits through Redis from shop-secrets, and only bff-web allows one exact browser origin", () => {
    const bffs = deploymentsOf("prod").filter((w) => w.entry?.process.kind === "bff");
    expect(bffs.map((w) => [w.label, w.config?.http?.trustProxyHops, w.config?.http?.hsts, w.env.outOfBandKeys.includes("shop-secrets/REDIS_URL")])).toEqual([
      ["Deployment bff-mobile", 1, "on", true],
      ["Deployment bff-web", 1, "on", true],
    ]);
    const cors = Object.fromEntries(bffs.map((w) => [w.entry!.process.name, w.config?.http?.cors]));
    expect(cors).toEqual({ "bff-web": { origins: ["https://shop.example.com"], credentials: false }, "bff-mobile": { origins: [], credentials: false } });
  });

  it("when dev is rendered, then the BFFs believe no proxy, keep their limits in memory (no Redis), and bff-web allows the web app's development server", () => {
    const bffs = deploymentsOf("dev").filter((w) => w.entry?.process.kind === "bff");
    expect(bffs.map((w) => [w.label, w.config?.http?.trustProxyHops, w.config?.redisUrl, w.config?.http?.cors.origins])).toEqual([
      ["Deployment bff-mobile", 0, undefined, []],
      ["Deployment bff-web", 0, undefined, ["http://localhost:3000"]],
    ]);
  });

  it("when prod is rendered, then it holds no Secret, and the keys it expects from the out-of-band one are exactly those of the README's kubectl create secret command", () => {
    expect(ofKind(renderedOf("prod"), "Secret")).toEqual([]);
    const expected = new Set(analysisOf("prod").workloads.flatMap((w) => w.env.outOfBandKeys));
    const command = /kubectl[^\n]*create secret generic shop-secrets(?:[^\n]*\\\n)*[^\n]*/.exec(README)?.[0] ?? "";
    const documented = new Set([...command.matchAll(/--from-literal=([A-Z0-9_]+)=/g)].map((match) => `shop-secrets/${match[1]}`));
    expect(documented.size).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual([...expected].sort());
  });

  it("when prod is rendered, then every process exports its spans to the collector, samples one new trace in ten (parent-based), and names itself after its process", () => {
    for (const { label, config, entry } of deploymentsOf("prod")) {
      const telemetry = config!.telemetry;
      expect([label, tracesUrlOf(telemetry), telemetry.sampler, telemetry.samplerArg, telemetry.serviceName]).toEqual([
        label,
        "http://otel-collector.observability:4318/v1/traces",
        "parentbased_traceidratio",
        0.1,
        entry!.process.name,
      ]);
    }
  });

  it("when dev is rendered, then no process exports spans, and each still names itself after its process", () => {
    for (const { label, config, entry } of deploymentsOf("dev")) {
      expect([label, tracesUrlOf(config!.telemetry), config!.telemetry.serviceName]).toEqual([label, undefined, entry!.process.name]);
    }
  });

  it("when prod is rendered, then each domain service runs 3 replicas, each BFF autoscales from at least 2, seeding is off, logs are info and memory requests equal limits", () => {
    const deployments = deploymentsOf("prod");
    const services = deployments.filter((w) => w.entry?.process.kind === "domain-service");
    expect(services.map((w) => w.workload.replicas)).toEqual([3, 3, 3]);
    expect(services.map((w) => w.config?.seed)).toEqual([false, false, false]);
    expect(autoscalersOf(renderedOf("prod")).map((hpa) => [hpa.target.name, (hpa.minReplicas ?? 1) >= 2]).sort()).toEqual([
      ["bff-mobile", true],
      ["bff-web", true],
    ]);
    for (const { label, container, config } of deployments) {
      expect(config?.logLevel, label).toBe("info");
      const resources = container!.resources!;
      expect(memoryBytes(resources.requests?.memory), label).toBe(memoryBytes(resources.limits?.memory));
    }
  });

  it("when dev is rendered, then each process runs one replica, logs at debug, the services seed the demo data, and its generated secrets are throwaway values", () => {
    const deployments = deploymentsOf("dev");
    const services = deployments.filter((w) => w.entry?.process.kind === "domain-service");
    expect(services.map((w) => [w.workload.replicas, w.config?.seed])).toEqual([[1, true], [1, true], [1, true]]);
    expect(autoscalersOf(renderedOf("dev")).map((hpa) => hpa.minReplicas)).toEqual([1, 1]);
    expect(deployments.map((w) => w.config?.logLevel)).toEqual(Array(5).fill("debug"));
    const [secret] = ofKind(renderedOf("dev"), "Secret");
    const values = dataOf(renderedOf("dev"), "Secret", secret!.metadata.name)!;
    expect(values.JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(values.JWT_SECRET).toMatch(/dev/);
    for (const [key, value] of Object.entries(values).filter(([key]) => key.endsWith("_DATABASE_URL"))) expect(new URL(value).hostname, key).toBe("postgres");
  });
});

/** The checks must fail on manifests that are wrong: each case breaks one thing in prod and expects it named. */
describe.skipIf(unavailable !== undefined)("the manifest checks, given a broken manifest", () => {
  // The rendered objects are plain data; a case edits a deep copy.
  type Edit = (find: (kind: string, name: string) => any) => void;
  const problemsAfter = (edit: Edit): string[] => {
    const copy = structuredClone(renderedOf("prod"));
    edit((kind, name) => {
      const found = copy.find((object) => object.kind === kind && (object.metadata.name === name || object.metadata.name.startsWith(`${name}-`)));
      if (found === undefined) throw new Error(`no ${kind} ${name} in the rendered prod overlay`);
      return found;
    });
    return manifestProblems(copy, { repoRoot: REPO_ROOT, ...optionsOf("prod") });
  };
  const container = (workload: any) => workload.spec.template.spec.containers[0];
  const portNamed = (workload: any, name: string) => container(workload).ports.find((port: { name?: string }) => port.name === name);

  const cases: [string, Edit, string][] = [
    ["a probe asks another port", (find) => void (container(find("Deployment", "users")).readinessProbe.grpc.port = 50099), "Deployment users: readinessProbe asks port 50099"],
    ["a ConfigMap sets a key the process does not read", (find) => void (find("ConfigMap", "users-config").data.USERS_PROT = "1"), "USERS_PROT, which the users config does not read"],
    ["the listen host is left at its default", (find) => void delete find("ConfigMap", "catalog-config").data.CATALOG_HOST, "Deployment catalog: listens on 127.0.0.1"],
    ["a required key is not set", (find) => void (container(find("Deployment", "bff-web")).env = []), "Deployment bff-web: the bff-web config refuses the manifest's environment: JWT_SECRET"],
    ["a service's database URL is not set", (find) => void (container(find("Deployment", "users")).env = []), "Deployment users: the users config refuses the manifest's environment: invalid configuration: USERS_DATABASE_URL"],
    ["a Service also selects the migration Job's pods", (find) => void delete find("Service", "users").spec.selector["app.kubernetes.io/component"], "Service users: selects the pods of Deployment users, Job users-migrate"],
    ["a gRPC Service gets a cluster IP", (find) => void delete find("Service", "catalog").spec.clusterIP, "Service catalog: a gRPC service must be headless"],
    ["a target names a Service that does not exist", (find) => void (find("ConfigMap", "bff-targets").data.ORDERS_TARGETS = "dns:///order:50063"), "dns:///order:50063 names no Service"],
    ["a Job runs an entry that is not built from any source", (find) => void (container(find("Job", "orders-migrate")).command = ["node", "bff-web/dist/migrate-command.js"]), "bff-web/src/migrate-command.ts does not exist"],
    ["the root filesystem is writable", (find) => void (container(find("Deployment", "orders")).securityContext.readOnlyRootFilesystem = false), "Deployment orders: the root filesystem is writable"],
    ["the grace period ends before preStop and the drain", (find) => void (find("Deployment", "orders").spec.template.spec.terminationGracePeriodSeconds = 15), "Deployment orders: terminationGracePeriodSeconds 15 does not cover"],
    ["an autoscaler scales a Deployment that does not exist", (find) => void (find("HorizontalPodAutoscaler", "bff-web").spec.scaleTargetRef.name = "bff-webb"), "HorizontalPodAutoscaler bff-web: scales apps/v1/Deployment bff-webb"],
    ["the metrics port is not where the process serves /metrics", (find) => void (portNamed(find("Deployment", "catalog"), "metrics").containerPort = 9999), "Deployment catalog: port metrics is 9999, but catalog serves /metrics on 9462"],
    ["the metrics host is left at its default", (find) => void delete find("ConfigMap", "bff-mobile-config").data.MOBILE_METRICS_HOST, "Deployment bff-mobile: serves /metrics on 127.0.0.1"],
    ["the heap cap leaves no room below the memory limit", (find) => void (find("ConfigMap", "bff-web-config").data.NODE_OPTIONS = "--max-old-space-size=1024"), "Deployment bff-web: --max-old-space-size is 1024 MiB"],
    ["a Deployment mounts another process's TLS Secret", (find) => void (find("Deployment", "users").spec.template.spec.volumes[0].secret.secretName = "shop-tls-orders"), "Deployment users: presents itself as orders (its certificate's CN), but runs users"],
    ["a probe asks the mTLS gRPC port", (find) => void (container(find("Deployment", "catalog")).livenessProbe.grpc.port = 50062), "Deployment catalog: livenessProbe asks port 50062, the mutual-TLS gRPC port"],
    ["a GRPC_TLS_* key is not set", (find) => void delete find("ConfigMap", "shop-common").data.GRPC_TLS_KEY_FILE, "Deployment bff-mobile: GRPC_TLS_KEY_FILE is not set"],
    ["GRPC_TLS_KEY_FILE names the certificate", (find) => void (find("ConfigMap", "shop-common").data.GRPC_TLS_KEY_FILE = "/etc/shop/tls/tls.crt"), "Deployment orders: GRPC_TLS_KEY_FILE=/etc/shop/tls/tls.crt is key tls.crt of Secret shop-tls-orders; expected tls.key"],
    ["the TLS files are not where the Secret is mounted", (find) => void (container(find("Deployment", "bff-web")).volumeMounts[0].mountPath = "/etc/tls"), "Deployment bff-web: GRPC_TLS_CA_FILE=/etc/shop/tls/ca.crt is under no Secret the container mounts"],
    ["the private key is readable by root only", (find) => void (find("Deployment", "orders").spec.template.spec.volumes[0].secret.defaultMode = 0o400), "Deployment orders: tls.key of shop-tls-orders is mode 0400, owned by root: uid 1000 cannot read it"],
    ["a TLS Secret is mounted that nobody creates", (find) => void (find("Deployment", "bff-mobile").spec.template.spec.volumes[0].secret.secretName = "shop-tls-mobile"), "Deployment bff-mobile: mounts Secret shop-tls-mobile, which is neither in the manifests nor among the Secrets created out of band"],
    ["a migration Job mounts a TLS Secret", (find) => {
      const job = find("Job", "users-migrate");
      job.spec.template.spec.volumes.push({ name: "tls", secret: { secretName: "shop-tls-users", defaultMode: 0o440 } });
      container(job).volumeMounts.push({ name: "tls", mountPath: "/etc/shop/tls", readOnly: true });
    }, "Job users-migrate: mounts Secret shop-tls-users, but migrations neither serve nor call gRPC"],
    ["the health port is not where the process serves health", (find) => void (portNamed(find("Deployment", "orders"), "health").containerPort = 50099), "Deployment orders: port health is 50099, but orders serves plaintext health on 50073"],
    ["a gRPC Service also exposes the plaintext health port", (find) => void find("Service", "users").spec.ports.push({ name: "health", port: 50071, targetPort: "health" }), "Service users: exposes the plaintext health port 50071"],
    ["plaintext gRPC is asked for", (find) => void (find("ConfigMap", "shop-common").data.GRPC_INSECURE = "true"), "Deployment users: the users config refuses the manifest's environment: invalid configuration: GRPC_INSECURE"],
  ];

  it.each(cases)("when %s, then a problem names it", (_, edit, expected) => {
    expect(problemsAfter(edit).join("\n")).toContain(expected);
  });

  /** A case breaks one Certificate or Issuer of deploy/k8s/cert-manager, checked against the dev overlay. */
  const pkiProblemsAfter = (edit: (find: (kind: string, name: string) => any) => void): string[] => {
    const copy = structuredClone(renderedAt("cert-manager"));
    edit((kind, name) => copy.find((object) => object.kind === kind && object.metadata.name === name) ?? raise(`no ${kind} ${name} in deploy/k8s/cert-manager`));
    return certManagerProblems(copy, analysisOf("dev"));
  };
  const pkiCases: [string, (find: (kind: string, name: string) => any) => void, string][] = [
    ["a certificate names another identity", (find) => void (find("Certificate", "shop-tls-orders").spec.commonName = "users"), "Certificate shop-tls-orders: commonName users, but orders mounts it"],
    ["a certificate lacks the name clients dial", (find) => void (find("Certificate", "shop-tls-catalog").spec.dnsNames = ["catalog.shop-dev.svc"]), "Certificate shop-tls-catalog: dnsNames lack catalog, catalog.shop-dev"],
    ["a certificate cannot be a client certificate", (find) => void (find("Certificate", "shop-tls-bff-web").spec.usages = ["digital signature", "server auth"]), "Certificate shop-tls-bff-web: usages lack client auth"],
    ["a certificate gets cert-manager's default RSA key", (find) => void delete find("Certificate", "shop-tls-users").spec.privateKey, "Certificate shop-tls-users: key RSA (cert-manager's default)"],
    ["a certificate is issued by the self-signed Issuer instead of the CA", (find) => void (find("Certificate", "shop-tls-bff-mobile").spec.issuerRef.name = "shop-selfsigned"), "Certificate shop-tls-bff-mobile: not issued by the CA Issuer of this folder"],
    ["the CA Issuer's Secret is issued by no Certificate", (find) => void (find("Issuer", "shop-ca").spec.ca.secretName = "shop-root"), "Issuer shop-ca: its CA Secret shop-root is issued by no Certificate here"],
  ];

  it.each(pkiCases)("when in deploy/k8s/cert-manager %s, then a problem names it", (_, edit, expected) => {
    expect(pkiProblemsAfter(edit).join("\n")).toContain(expected);
  });

  it("when the health of a service name the server does not host is asked, or a path the BFF does not serve, then the probe would fail", async () => {
    const analysed = analyseManifests(renderedOf("prod"), optionsOf("prod")).workloads;
    const byName = (name: string): AnalysedWorkload => analysed.find((w) => w.workload.kind === "Deployment" && w.workload.name === name)!;
    const users = await startDomainServiceFor("users", byName("users").env.env);
    const web = await startBffFor("bff-web", byName("bff-web").env.env);
    try {
      expect(await grpcHealthCheck(users.healthAddress, "shop.catalog.v1.CatalogService")).toMatch(/^error 5:/);
      expect(await httpProbeStatus(`${web.address}/health/nope`)).toBeGreaterThanOrEqual(400);
    } finally {
      await Promise.all([users.stop(), web.stop()]);
    }
  });
});

function raise(message: string): never {
  throw new Error(message);
}
