import { join } from "node:path";
import { createBffServer, type BffServer, type BffServerOptions } from "@shop/bff-kit";
import { useAppVersion } from "./app-version.js";
import { ARTIFACT_PATHS, PACKAGE_ROOT } from "./documents/artifacts.js";
import { trustedOperationNames } from "./documents/operation-names.js";
import { loadTrustedDocuments, RELEASED_PATH } from "./documents/released-operations.js";
import { useTrustedDocuments } from "./documents/trusted-documents.js";
import { MOBILE_READ_MASK_MAPPING } from "./read-mask-mapping.js";
import { schema } from "./schema/index.js";

/** What bff-mobile needs besides the shared BFF options. */
export interface MobileServerOptions extends Omit<BffServerOptions, "schema" | "name" | "plugins"> {
  /** Accept only trusted documents, by hash (production); else any document too. */
  readonly trustedDocumentsOnly: boolean;
  /**
   * The trusted documents by hash, instead of reading them from the manifests.
   * @default operations/manifest.json plus every supported version under `releasedDir`
   */
  readonly documents?: ReadonlyMap<string, string>;
  /** The released app versions' operations. @default operations/released of the package */
  readonly releasedDir?: string;
  /** Released versions whose documents are no longer accepted. @default [] */
  readonly retiredAppVersions?: readonly string[];
}

/**
 * The mobile BFF: the shared BFF server with the mobile schema and trusted documents; its metrics
 * label operations by the trusted documents' names (any other is "other").
 */
export async function createMobileServer(options: MobileServerOptions): Promise<BffServer> {
  const { trustedDocumentsOnly, documents, releasedDir, retiredAppVersions, ...shared } = options;
  const trusted = documents ?? (await trustedDocumentsOf(options));
  return createBffServer({
    ...shared,
    schema,
    name: "bff-mobile",
    readMaskMapping: MOBILE_READ_MASK_MAPPING,
    operationNames: options.operationNames ?? trustedOperationNames(trusted),
    plugins: [useAppVersion(options.logger), useTrustedDocuments({ documents: trusted, trustedOnly: trustedDocumentsOnly })],
    // GraphiQL sends raw documents, which a trusted-documents-only server refuses anyway.
    graphiql: options.graphiql ?? (!trustedDocumentsOnly && !options.config.production),
  });
}

/** The current manifest's documents plus the supported released versions', logged once. */
async function trustedDocumentsOf(options: MobileServerOptions): Promise<ReadonlyMap<string, string>> {
  const set = await loadTrustedDocuments({
    manifestPath: join(PACKAGE_ROOT, ARTIFACT_PATHS.manifest),
    releasedDir: options.releasedDir ?? join(PACKAGE_ROOT, RELEASED_PATH),
    retired: options.retiredAppVersions ?? [],
  });
  const { logger } = options;
  logger.info({ supported: set.supported, retired: set.retired, documents: set.documents.size }, "trusted documents: current operations and supported app versions");
  if (set.unknownRetired.length > 0) {
    logger.warn({ unknownRetired: set.unknownRetired }, "MOBILE_RETIRED_APP_VERSIONS names versions that were never released here");
  }
  return set.documents;
}
