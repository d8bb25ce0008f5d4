/**
 * Node/V8 flags every process of the system runs with (`npm start`, the e2e tests, the
 * benchmarks; the benchmark gives its naive BFF and the Mesh gateway the same ones). Each
 * package's own `start` script (`npm start -w @shop/users`) spells them out too; a test keeps
 * them equal to this list.
 *
 * - `--max-semi-space-size=64` (MiB; default 16): a BFF answering many home pages at once keeps
 *   a few MiB of decoded messages and result trees alive; with the default young generation every
 *   scavenge copies them and promotes them to the old space, with 64 MiB they die young.
 * - `--single-threaded-gc`: on two cores shared by five processes and PostgreSQL, parallel GC
 *   helper threads add CPU without shortening pauses.
 *
 * The trade is CPU for memory: less CPU per operation, a higher peak RSS. The figures are in
 * `test/bench/bff/README.md`.
 */
export const NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64", "--single-threaded-gc"];

/**
 * `NODE_OPTIONS` of a production process (the image's default; the Kubernetes ConfigMaps add a
 * V8 old-space cap below each container's memory limit): memory settings only, since GC-tuning
 * flags such as `--single-threaded-gc` are not allowed in NODE_OPTIONS and no start command
 * hard-codes a flag. 32 MiB semi-spaces keep the decoded messages of requests in flight in the
 * young generation, as the development 64 MiB do, at a fraction of the memory: with the 192 MiB
 * heap cap of the manifests the built bff-web peaked at 190 MiB under the benchmark's load, at the
 * development setting's CPU per operation (figures and the settings tried in
 * `test/bench/bff/README.md`, "Production memory settings").
 */
export const PRODUCTION_NODE_OPTIONS = "--max-semi-space-size=32";

/**
 * `NODE_OPTIONS` of every process in the Kubernetes manifests: the image's default plus a V8
 * old-space cap of 192 MiB, at most 75 % of the smallest container memory limit (320 MiB in the
 * prod overlay), so V8 collects before the kernel OOM-kills: Node sizes its heap from the
 * machine's memory, not from the cgroup limit. The benchmark's (a″) peer runs with these.
 */
export const KUBERNETES_NODE_OPTIONS = `${PRODUCTION_NODE_OPTIONS} --max-old-space-size=192`;
