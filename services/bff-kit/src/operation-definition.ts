import type { DocumentNode, OperationDefinitionNode } from "graphql";

/**
 * The operation of `document` that a request with `operationName` runs, as graphql-js picks it:
 * the one with that name, or the only one when no name is given. Undefined when there is none
 * (a wrong name, or several operations and no name).
 */
export function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  let found: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== "OperationDefinition") continue;
    if (operationName ? definition.name?.value === operationName : found === undefined) found = definition;
    else if (!operationName) return undefined;
  }
  return found;
}
