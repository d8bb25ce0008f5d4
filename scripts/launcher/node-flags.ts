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
 * `NODE_OPTIONS` of a production process (the image's default, the Kubernetes ConfigMap's value):
 * memory settings only, since GC-tuning flags such as `--single-threaded-gc` are not allowed in
 * NODE_OPTIONS and nothing is hard-coded in a start command. The old-space limit is left to Node,
 * which sizes it from the container's memory limit. Chosen from the benchmark's (a″) peer; the
 * figures are in `test/bench/bff/README.md`.
 */
export const PRODUCTION_NODE_OPTIONS = "--max-semi-space-size=16";
