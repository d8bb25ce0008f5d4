import type { Plugin } from "graphql-yoga";
import type { BffContext } from "../context.js";
import { operationCost } from "./operation-cost.js";
import type { OperationBudget } from "./operation-budget.js";
import { isRateLimitedError } from "./rate-limited-error.js";

/**
 * Charges each operation's cost (see `operationCost`) to the budgets of its user and its client's
 * address once it is parsed and validated, before it executes. Over budget, the operation is not
 * executed at all (no resolver, no RPC): the answer is the RATE_LIMITED error, HTTP 429 with
 * `Retry-After`. Trusted documents of the mobile BFF are charged like any other document.
 */
export function useOperationBudget(budget: OperationBudget): Plugin<BffContext> {
  if (!budget.enabled) return {};
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as BffContext;
      const cost = operationCost(args.document, args.operationName);
      try {
        await budget.charge({ userId: context.viewer?.userId, ip: context.clientIp }, cost);
      } catch (error) {
        if (!isRateLimitedError(error)) throw error;
        setResultAndStopExecution({ errors: [error] });
      }
    },
  };
}
