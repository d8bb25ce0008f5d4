import { join } from "node:path";
import { createBffServer, type BffServer, type BffServerOptions } from "@shop/bff-kit";
import { ARTIFACT_PATHS, PACKAGE_ROOT } from "./documents/artifacts.js";
import { readTrustedDocuments } from "./documents/manifest.js";
import { useTrustedDocuments } from "./documents/trusted-documents.js";
import { schema } from "./schema/index.js";

/** What bff-mobile needs besides the shared BFF options. */
export interface MobileServerOptions extends Omit<BffServerOptions, "schema" | "name" | "plugins"> {
  /** Accept only the manifest's documents, by hash (production); else any document too. */
  readonly trustedDocumentsOnly: boolean;
  /** The trusted documents by hash. @default read from operations/manifest.json */
  readonly documents?: ReadonlyMap<string, string>;
}

/** The mobile BFF: the shared BFF server with the mobile schema and trusted documents. */
export async function createMobileServer(options: MobileServerOptions): Promise<BffServer> {
  const { trustedDocumentsOnly, documents, ...shared } = options;
  const trusted = documents ?? (await readTrustedDocuments(join(PACKAGE_ROOT, ARTIFACT_PATHS.manifest)));
  return createBffServer({
    ...shared,
    schema,
    name: "bff-mobile",
    plugins: [useTrustedDocuments({ documents: trusted, trustedOnly: trustedDocumentsOnly })],
    // GraphiQL sends raw documents, which a trusted-documents-only server refuses anyway.
    graphiql: options.graphiql ?? (!trustedDocumentsOnly && !options.config.production),
  });
}
