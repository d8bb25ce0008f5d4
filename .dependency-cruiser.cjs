// Dependency rules of the monorepo (npm run check:deps, part of npm test).
//
// Every rule has a name and a comment; a violation prints both, with the offending import. Paths
// are matched against what an import resolves to (a workspace package resolves to its real folder,
// e.g. @shop/service-host -> services/service-host/src/...; an npm package to node_modules/...),
// and also against the bare name, so an import that does not resolve is caught as well.
// `scripts/checks/dependency-rules.mjs` runs these rules (plus the package-level cycle check that
// dependency-cruiser cannot express) and `scripts/checks/dependency-rules.test.ts` proves that each
// one fails on a violating import.

/** An npm package (resolved under a node_modules folder, or left as a bare specifier). */
const npm = (...names) => {
  const alt = names.join("|");
  return `(^|/)node_modules/(${alt})(/|$)|^(${alt})(/|$)`;
};
/** A workspace package, by folder (what it resolves to) or by package name. */
const ws = (folders, names) =>
  `^(${folders})/|(^|/)node_modules/@shop/(${names})(/|$)|^@shop/(${names})(/|$)`;

const TESTS = "(^|/)test/|\\.test\\.ts$";
const GRAPHQL = npm("graphql", "graphql-yoga", "@envelop/[^/]+", "@escape\\.tech/[^/]+", "@graphql-yoga/[^/]+", "@graphql-tools/[^/]+", "@pothos/[^/]+", "dataloader");
const JWT = npm("jose", "jsonwebtoken");
const PERSISTENCE = npm("prisma", "@prisma/[^/]+", "\\.prisma", "@electric-sql/[^/]+", "pg", "pg-[^/]+");
const BFF_PACKAGES = ws("bff-web|bff-mobile|services/bff-[^/]+", "bff-[^/]+");
const DOMAIN_SERVICES = ws("services/(users|catalog|orders)", "users|catalog|orders");
const SERVICE_HOST = ws("services/service-host", "service-host");
const BFF_TESTING = ws("services/bff-testing", "bff-testing");
const CONTRACTS = ws("gen", "contracts");
const PRISMA_CLIENT = `^services/[^/]+/src/data/generated/|${npm("@prisma/[^/]+", "\\.prisma")}`;
const PROTOBUF = npm("@bufbuild/protobuf");

/** A workspace package's folder (group 1 is the package). */
const PACKAGE_FOLDER = "^(gen|services/[^/]+|bff-web|bff-mobile)/";
/** The BFF packages. */
const BFFS = "^(bff-web|bff-mobile|services/bff-kit|services/bff-shop)/";
/** The domain services' own sources, tests excluded. */
const DOMAIN_SRC = "^services/(users|catalog|orders)/src/";

module.exports = {
  forbidden: [
    {
      name: "service-no-bff-stack",
      comment:
        "A domain service (services/users|catalog|orders) or the service host never imports GraphQL " +
        "(graphql, graphql-yoga, @envelop/*, @escape.tech/*, @graphql-yoga/*, @pothos/*, dataloader), " +
        "a JWT library (jose) or a BFF package (@shop/bff-*): those belong to the BFFs, and a service's " +
        "production dependency tree must not hold them.",
      severity: "error",
      from: { path: "^services/(users|catalog|orders|service-host)/" },
      to: { path: [GRAPHQL, JWT, BFF_PACKAGES] },
    },
    {
      name: "bff-no-persistence",
      comment:
        "A BFF (bff-web, bff-mobile, services/bff-kit, services/bff-shop) owns no data: it never imports " +
        "Prisma (@prisma/*, prisma), PGlite (@electric-sql/*), pg, the service host (@shop/service-host) " +
        "or the test support package (@shop/bff-testing). Only its tests (test/**, *.test.ts) may use " +
        "test support that does.",
      severity: "error",
      from: { path: BFFS, pathNot: TESTS },
      to: { path: [PERSISTENCE, SERVICE_HOST, BFF_TESTING] },
    },
    {
      name: "bff-no-domain-service",
      comment:
        "A BFF package (its tests and scripts included) never imports a domain service's code " +
        "(@shop/users|catalog|orders or services/users|catalog|orders/**): it talks to the services " +
        "over gRPC, through @shop/contracts clients.",
      severity: "error",
      from: { path: BFFS, pathNot: "^(bff-web|bff-mobile)/src/" },
      to: { path: DOMAIN_SERVICES },
    },
    {
      name: "resolvers-no-service-code",
      comment:
        "BFF resolvers and servers (bff-web/src/**, bff-mobile/src/**) never import a domain service's " +
        "code (@shop/users|catalog|orders or services/users|catalog|orders/**): every field is fetched " +
        "through a loader over a batch RPC.",
      severity: "error",
      from: { path: "^(bff-web|bff-mobile)/src/" },
      to: { path: DOMAIN_SERVICES },
    },
    {
      name: "runtime-stays-low",
      comment:
        "The gRPC runtime (services/grpc-runtime) sits under everything else: it imports no GraphQL, " +
        "no JWT library, no Prisma/PGlite/pg, not the service host, no BFF package and no domain service.",
      severity: "error",
      from: { path: "^services/grpc-runtime/" },
      to: { path: [GRAPHQL, JWT, PERSISTENCE, SERVICE_HOST, BFF_PACKAGES, DOMAIN_SERVICES] },
    },
    {
      name: "contracts-only-protobuf",
      comment:
        "The generated contracts (gen/, @shop/contracts) import nothing but @bufbuild/protobuf and " +
        "each other.",
      severity: "error",
      from: { path: "^gen/" },
      to: { pathNot: ["^gen/", PROTOBUF] },
    },
    {
      name: "contracts-only-in-handlers",
      comment:
        "Inside a domain service only the transport layer knows protobuf: src/routes.ts (handlers), " +
        "src/app.ts (composition root) and src/main.ts import @shop/contracts, plus the one outbound " +
        "adapter orders/src/catalog-client.ts (catalog's gRPC API in orders' domain terms); use cases, " +
        "domain and repositories work on domain types.",
      severity: "error",
      from: {
        path: DOMAIN_SRC,
        pathNot: [
          TESTS,
          "^services/[^/]+/src/(routes\\.ts|routes/|app\\.ts|main\\.ts)",
          "^services/orders/src/catalog-client\\.ts$",
        ],
      },
      to: { path: CONTRACTS },
    },
    {
      name: "prisma-only-in-repositories",
      comment:
        "Inside a domain service only the repositories (src/data/**) import the Prisma client " +
        "(src/data/generated/** or @prisma/*); composition roots, use cases and domain see " +
        "repository interfaces and factories.",
      severity: "error",
      from: { path: DOMAIN_SRC, pathNot: [TESTS, "^services/[^/]+/src/data/"] },
      to: { path: PRISMA_CLIENT },
    },
    {
      name: "no-circular",
      comment:
        "No import cycle inside a workspace package's sources (tests excluded): a cycle makes load " +
        "order fragile and the layers meaningless. (Cycles between packages are checked by " +
        "no-circular-packages in scripts/checks/dependency-rules.mjs.)",
      severity: "error",
      from: { path: `${PACKAGE_FOLDER}src/`, pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: "no-relative-import-across-packages",
      comment:
        "A package reaches another package only through its name and exports (@shop/...), never by a " +
        "relative path into its folder (../../services/x/src/...).",
      severity: "error",
      from: {
        path: "^(gen|services/[^/]+|bff-web|bff-mobile|test|scripts)/",
      },
      to: {
        // a relative specifier is "local" only; a package name resolves as "aliased-workspace"
        dependencyTypes: ["local"],
        dependencyTypesNot: ["aliased", "aliased-workspace"],
        path: PACKAGE_FOLDER,
        pathNot: "^$1/",
      },
    },
    {
      name: "no-unresolvable-import",
      comment:
        "Every import resolves (to a file, a workspace package or an installed npm package); an " +
        "unresolved one would also slip past the path-based rules above.",
      severity: "error",
      from: { path: "^(gen|services|bff-web|bff-mobile|scripts|test)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ["(^|/)node_modules/", "/src/data/generated/", "^bff-mobile/src/generated/"] },
    exclude: { path: ["^test/bench/mesh/", "(^|/)node_modules/\\.prisma/", "(^|/)dist/"] },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".d.ts", ".json"],
      mainFields: ["module", "main", "types"],
    },
    skipAnalysisNotInRules: true,
  },
};
