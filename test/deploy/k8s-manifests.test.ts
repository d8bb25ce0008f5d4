import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tracesUrlOf } from "@shop/grpc-runtime";
import { afterAll, describe, expect, it } from "vitest";
import { NO_OUT_OF_BAND_SECRETS, type OutOfBandSecrets } from "./support/container-env.js";
import { dataOf, ofKind, autoscalersOf, type K8sObject } from "./support/k8s-objects.js";
import { kustomizeUnavailableReason, renderKustomization } from "./support/kustomize.js";
import { grpcHealthCheck, httpProbeStatus, nodeOptionsRefusal, startBffFor, startDomainServiceFor, type RunningForProbe } from "./support/live-health.js";
import { analyseManifests, type AnalysedWorkload } from "./support/manifest-analysis.js";
import { manifestProblems } from "./support/manifest-problems.js";
import { memoryBytes } from "./support/quantities.js";

/**
 * deploy/k8s rendered by `kubectl kustomize` (both overlays) and checked against the code: the
 * processes' own config loaders read each container's environment, the real servers answer the
 * probes, and the objects point at each other correctly. The last block shows the checks fail on
 * manifests broken on purpose.
 */

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OVERLAYS = ["dev", "prod"] as const;
type Overlay = (typeof OVERLAYS)[number];
const README = readFileSync(join(REPO_ROOT, "deploy/k8s/README.md"), "utf8");

/** The Secret prod expects to be created out of band, with valid stand-ins for its values. */
const PROD_SECRETS: OutOfBandSecrets = {
  names: new Set(["shop-secrets"]),
  placeholder: (key) =>
    key.endsWith("_DATABASE_URL")
      ? `postgres://shop:placeholder@db.example.internal:5432/shop_${key.replace(/_DATABASE_URL$/, "").toLowerCase()}`
      : key === "JWT_SECRET"
        ? "placeholder-jwt-secret-of-at-least-32-characters"
        : `placeholder for ${key}`,
};
const SECRETS_OF: Record<Overlay, OutOfBandSecrets> = { dev: NO_OUT_OF_BAND_SECRETS, prod: PROD_SECRETS };

const unavailable = kustomizeUnavailableReason();
if (unavailable !== undefined) console.warn(`k8s manifests: skipped, ${unavailable}`);

const renderings = new Map<Overlay, K8sObject[]>();
/** The overlay as `kubectl kustomize` prints it, rendered once per file. */
const renderedOf = (overlay: Overlay): K8sObject[] => {
  if (!renderings.has(overlay)) renderings.set(overlay, renderKustomization(join(REPO_ROOT, "deploy/k8s/overlays", overlay)));
  return renderings.get(overlay)!;
};
const analysisOf = (overlay: Overlay) => analyseManifests(renderedOf(overlay), SECRETS_OF[overlay]);
const deploymentsOf = (overlay: Overlay) => analysisOf(overlay).workloads.filter((w) => w.workload.kind === "Deployment");

describe.skipIf(unavailable !== undefined)("deploy/k8s rendered by kubectl kustomize", () => {
  describe.each(OVERLAYS)("overlay %s", (overlay) => {
    it("when every workload is read against its process's code, then nothing disagrees: entrypoints, env keys, config in production mode, ports, probes, selectors, targets, hardening, budgets, autoscalers", () => {
      expect(manifestProblems(renderedOf(overlay), { repoRoot: REPO_ROOT, outOfBand: SECRETS_OF[overlay] })).toEqual([]);
      expect(deploymentsOf(overlay).map((w) => w.entry?.process.name).sort()).toEqual(["bff-mobile", "bff-web", "catalog", "orders", "users"]);
    });

    describe("when the probes are asked of the real servers started with the manifest's environment", () => {
      const running: RunningForProbe[] = [];
      afterAll(async () => {
        await Promise.all(running.splice(0).map((server) => server.stop()));
      });

      it("then each domain service's health answers SERVING for the gRPC probes' service name", async () => {
        const services = deploymentsOf(overlay).filter((w) => w.entry?.process.kind === "domain-service");
        expect(services).toHaveLength(3);
        for (const { entry, env, container, label } of services) {
          const server = await startDomainServiceFor(entry!.process.name as "users" | "catalog" | "orders", env.env);
          running.push(server);
          for (const probe of [container!.startupProbe, container!.readinessProbe, container!.livenessProbe]) {
            expect(await grpcHealthCheck(server.address, probe!.grpc!.service ?? ""), `${label} ${probe!.grpc!.service}`).toBe("SERVING");
          }
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
      const jobs = analyseManifests(step, SECRETS_OF[overlay]).workloads;
      expect(jobs.map((w) => w.label).sort()).toEqual(["Job catalog-migrate", "Job orders-migrate", "Job users-migrate"]);
      expect(jobs.flatMap((w) => [...w.env.problems, ...(w.configError === undefined ? [] : [w.configError])])).toEqual([]);
    });

    it("when a manifest sets a key, then deploy/k8s/README.md's configuration table lists it", () => {
      const keys = new Set(analysisOf(overlay).workloads.flatMap((w) => Object.keys(w.env.env)));
      expect([...keys].filter((key) => !README.includes(`| \`${key}\` |`))).toEqual([]);
    });
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
    return manifestProblems(copy, { repoRoot: REPO_ROOT, outOfBand: PROD_SECRETS });
  };
  const container = (workload: any) => workload.spec.template.spec.containers[0];

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
    ["the metrics port is not where the process serves /metrics", (find) => void (container(find("Deployment", "catalog")).ports[1].containerPort = 9999), "Deployment catalog: port metrics is 9999, but catalog serves /metrics on 9462"],
    ["the metrics host is left at its default", (find) => void delete find("ConfigMap", "bff-mobile-config").data.MOBILE_METRICS_HOST, "Deployment bff-mobile: serves /metrics on 127.0.0.1"],
    ["the heap cap leaves no room below the memory limit", (find) => void (find("ConfigMap", "bff-web-config").data.NODE_OPTIONS = "--max-old-space-size=1024"), "Deployment bff-web: --max-old-space-size is 1024 MiB"],
  ];

  it.each(cases)("when %s, then a problem names it", (_, edit, expected) => {
    expect(problemsAfter(edit).join("\n")).toContain(expected);
  });

  it("when the health of a service name the server does not host is asked, or a path the BFF does not serve, then the probe would fail", async () => {
    const analysed = analyseManifests(renderedOf("prod"), PROD_SECRETS).workloads;
    const byName = (name: string): AnalysedWorkload => analysed.find((w) => w.workload.kind === "Deployment" && w.workload.name === name)!;
    const users = await startDomainServiceFor("users", byName("users").env.env);
    const web = await startBffFor("bff-web", byName("bff-web").env.env);
    try {
      expect(await grpcHealthCheck(users.address, "shop.catalog.v1.CatalogService")).toMatch(/^error 5:/);
      expect(await httpProbeStatus(`${web.address}/health/nope`)).toBeGreaterThanOrEqual(400);
    } finally {
      await Promise.all([users.stop(), web.stop()]);
    }
  });
});
