/**
 * Node/V8 flags every process of the system runs with (`npm start`, the e2e tests, the
 * benchmarks; the benchmark gives its naive BFF and the Mesh gateway the same ones). Each
 * package's own `start` script (`npm start -w @shop/users`) spells them out too; a test keeps
 * them equal to this list.
 *
 * - `--max-semi-space-size=64` (MiB; default 16): a BFF answering 16 home pages at once keeps a
 *   few MiB of decoded messages and result trees alive, so with the default young generation
 *   every scavenge copied them and promoted them to the old space. bff-web spent about 300 µs of
 *   its 2 ms CPU per home page in scavenges (`--trace-gc`); with 64 MiB they die young.
 * - `--single-threaded-gc`: on two cores shared by five processes and PostgreSQL, parallel GC
 *   helper threads add CPU without shortening pauses.
 *
 * Measured (`npm run bench -- --concurrency 16`, PostgreSQL, runs back to back): bff-web's CPU per
 * home page 3.1 → 2.0 ms, the services' about 7 % lower, Mesh's gateway 5.4 → 3.9 ms with the same
 * flags; the cost is memory: bff-web's peak RSS 278 → 409 MiB in the full run.
 */
export const NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64", "--single-threaded-gc"];
