import type { Plugin } from "graphql-yoga";
import { operationReadMasks } from "./operation-read-masks.js";
import type { BffReadMaskMapping, SettableReadMasks } from "./request-read-masks.js";

/**
 * Fixes each request's read masks from the operation it executes, before any resolver runs: the
 * union, per entity, of the proto paths every selected field declares in `mapping` (computed once
 * per parsed document). Every RPC of the request that reads an entity, list or batch, then uses
 * that one mask, so a record primed from a list always covers what a later load of it needs and
 * the number of calls is what it was without masks.
 */
export function useReadMasks(mapping: BffReadMaskMapping): Plugin<{ readonly readMasks: SettableReadMasks }> {
  return {
    onExecute: ({ args }) => {
      args.contextValue.readMasks.set(operationReadMasks(args.schema, args.document, args.operationName, mapping));
    },
  };
}
