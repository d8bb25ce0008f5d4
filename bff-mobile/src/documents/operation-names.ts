import { OperationNames } from "@shop/bff-kit";
import { Kind, parse } from "graphql";

/**
 * The metric labels of the mobile BFF: the names of the operations in its trusted documents (the
 * current manifest's and the supported released versions'), a closed set; any other document a
 * development server accepts is labelled "other".
 */
export function trustedOperationNames(documents: ReadonlyMap<string, string>): OperationNames {
  const names = new Set<string>();
  for (const text of documents.values()) {
    for (const definition of parse(text, { noLocation: true }).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name !== undefined) names.add(definition.name.value);
    }
  }
  return OperationNames.closed(names);
}
