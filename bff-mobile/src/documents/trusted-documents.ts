import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";

/** Options of {@link useTrustedDocuments}. */
export interface TrustedDocumentsOptions {
  /** The trusted documents by sha256 hash (the current manifest plus the supported released versions). */
  readonly documents: ReadonlyMap<string, string>;
  /**
   * Accept only documents of the manifest, sent by hash. When false (development) any document is
   * accepted as `query`, and a known hash works too.
   * @default true
   */
  readonly trustedOnly?: boolean;
}

/**
 * Trusted documents over the Apollo `persistedQuery` extension (`{ version: 1, sha256Hash }`), so
 * common mobile clients work unchanged. Everything is decided while reading the request
 * parameters, before parsing, validation or execution, so a rejected request costs no RPC.
 */
export function useTrustedDocuments({ documents, trustedOnly = true }: TrustedDocumentsOptions): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: !trustedOnly,
    customErrors: {
      notFound: {
        message: trustedOnly
          ? "PersistedQueryNotFound: this hash is not one of the app's trusted documents"
          : "PersistedQueryNotFound",
        extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: trustedOnly ? 400 : 200 } },
      },
      persistedQueryOnly: {
        message:
          "Only trusted documents are accepted: send extensions.persistedQuery { version: 1, sha256Hash } " +
          "of an operation in the app's manifest, without a query",
        extensions: { code: "PERSISTED_QUERY_ONLY", http: { status: 400 } },
      },
      keyNotFound: {
        message: "The request has neither a query nor an extensions.persistedQuery { version: 1, sha256Hash }",
        extensions: { code: "PERSISTED_QUERY_ID_REQUIRED", http: { status: 400 } },
      },
    },
  });
}
