import type { ExecutionResult, FieldNode, ValidationContext } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/** The meta fields that read the schema itself. `__typename` stays: clients need it. */
const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

/**
 * Refuses introspection (`__schema`, `__type`) as a validation error (HTTP 400,
 * GRAPHQL_VALIDATION_FAILED), before anything runs: a production BFF does not hand out its whole
 * schema, the map of every field an attacker could try. The SDL stays published in the repository
 * for the teams that build the clients.
 */
export function useNoIntrospection(): Plugin {
  const rule = (context: ValidationContext) => ({
    Field(node: FieldNode) {
      if (!INTROSPECTION_FIELDS.has(node.name.value)) return;
      context.reportError(
        createGraphQLError(`GraphQL introspection is not allowed here ("${node.name.value}").`, {
          nodes: [node],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        }),
      );
    },
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

/** graphql-js's suggestions: `Did you mean "x"?`, `Did you mean "x" or "y"?`, `Did you mean the enum value "X"?`… */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Removes graphql-js's "Did you mean …?" suggestions from every error of every answer (validation,
 * variables, execution), so unknown names probe nothing: without introspection they would spell out
 * the schema a guess at a time.
 */
export function useNoFieldSuggestions(): Plugin {
  const strip = (result: ExecutionResult): void => {
    for (const error of result.errors ?? []) {
      if (error.message.includes("Did you mean")) (error as { message: string }).message = error.message.replace(SUGGESTION, "");
    }
  };
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result)) result.forEach(strip);
      else if (!(Symbol.asyncIterator in result)) strip(result as ExecutionResult);
    },
  };
}
