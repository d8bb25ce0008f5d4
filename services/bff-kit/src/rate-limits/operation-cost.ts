import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionNode } from "graphql";
import { operationOf } from "../operation-definition.js";

/**
 * The weights of graphql-armor's cost limit with the options `useLimits` gives it (its defaults):
 * a field with a selection 2, a leaf 1, each level's children × 1.5, a `first`/`last` integer
 * literal multiplies its field's subtree, fragments count one level deeper, `__schema` nothing.
 */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

const costs = new WeakMap<DocumentNode, Map<string | null, number>>();

/**
 * The cost of the operation `operationName` selects in `document`, computed exactly as the
 * document cost limit (`MAX_COST`) computes it, so the operation budget is spent in the unit that
 * limit is written in. (Armor reports its value only into the validation it runs, which yoga
 * caches per document, so it is computed again here.) Cached per parsed document: yoga's parse cache
 * hands the same document object to every request that sends the same text. 0 when the document
 * selects no operation.
 */
export function operationCost(document: DocumentNode, operationName?: string | null): number {
  let byName = costs.get(document);
  if (byName === undefined) {
    byName = new Map();
    costs.set(document, byName);
  }
  const name = operationName ?? null;
  const known = byName.get(name);
  if (known !== undefined) return known;
  const operation = operationOf(document, operationName);
  const cost = operation === undefined ? 0 : costOfOperation(document, operation);
  byName.set(name, cost);
  return cost;
}

function costOfOperation(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === "FragmentDefinition") fragments.set(definition.name.value, definition);
  }
  // Like armor: a fragment spread seen before costs what its first visit cost (-1 while that visit runs).
  const visited = new Map<string, number>();
  const selectionsCost = (selections: readonly SelectionNode[]): number => {
    let cost = 0;
    for (const child of selections) cost += DEPTH_FACTOR * nodeCost(child);
    return cost;
  };
  const nodeCost = (node: SelectionNode | FragmentDefinitionNode): number => {
    if (node.kind === "Field" && node.name.value === "__schema") return 0;
    if ("selectionSet" in node && node.selectionSet) {
      let multiplier = 1;
      const pageSize = node.kind === "Field" ? node.arguments?.find((arg) => arg.name.value === "first" || arg.name.value === "last") : undefined;
      if (pageSize?.value.kind === "IntValue") multiplier = Math.max(Number.parseInt(pageSize.value.value, 10) || 1, 1);
      return (OBJECT_COST + selectionsCost(node.selectionSet.selections)) * multiplier;
    }
    if (node.kind !== "FragmentSpread") return SCALAR_COST;
    const name = node.name.value;
    const seen = visited.get(name);
    if (seen !== undefined) return SCALAR_COST + DEPTH_FACTOR * seen;
    visited.set(name, -1);
    const fragment = fragments.get(name);
    if (fragment === undefined) return SCALAR_COST;
    const fragmentCost = nodeCost(fragment);
    if (visited.get(name) === -1) visited.set(name, fragmentCost);
    return SCALAR_COST + DEPTH_FACTOR * fragmentCost;
  };
  return operation.selectionSet.selections.reduce((total, child) => total + nodeCost(child), 0);
}
