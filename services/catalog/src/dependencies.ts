import type { CatalogRepositories } from "./data/repositories.js";

/** What the use cases need; built once by the composition root (`app.ts`), faked in tests. */
export interface CatalogDependencies extends CatalogRepositories {
  /** The current time. */
  readonly now: () => Date;
}
