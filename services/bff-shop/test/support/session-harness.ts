import { createContextFactory, createTokenService, type AttemptKey, type BffContext, type SessionLimits } from "@shop/bff-kit";
import { createFakeServices, type FakeServices } from "@shop/bff-testing";
import { demoId } from "@shop/service-host/demo";

export const ADA = { id: demoId("bff-shop-test-user", 1), email: "ada@shop.test", displayName: "Ada", password: "ada-password" };
export const CLIENT_IP = "203.0.113.7";

/** One call the use cases made to the session limits: which limiter, which method, with what. */
export interface LimitCall {
  readonly limiter: "login" | "signUp" | "refresh";
  readonly method: "check" | "failed" | "succeeded" | "refresh";
  readonly key: AttemptKey | string;
}

/** The error the recording limits throw when told to refuse (what RATE_LIMITED stands for here). */
export class LimitedForTest extends Error {
  constructor() {
    super("limited (test)");
    this.name = "LimitedForTest";
  }
}

/**
 * Session limits that record every call and refuse (throw {@link LimitedForTest}) while `refusing`
 * is set: the use cases' side of the seam, without any counting of their own.
 */
function recordingLimits(): SessionLimits & { readonly calls: LimitCall[]; refusing: boolean } {
  const calls: LimitCall[] = [];
  const state = { refusing: false };
  const attempts = (limiter: "login" | "signUp") => ({
    check: async (key: AttemptKey) => {
      calls.push({ limiter, method: "check", key });
      if (state.refusing) throw new LimitedForTest();
    },
    failed: async (key: AttemptKey) => void calls.push({ limiter, method: "failed", key }),
    succeeded: async (key: AttemptKey) => void calls.push({ limiter, method: "succeeded", key }),
  });
  return Object.assign(state, {
    calls,
    login: attempts("login"),
    signUp: attempts("signUp"),
    refresh: async (sessionId: string) => {
      calls.push({ limiter: "refresh", method: "refresh", key: sessionId });
      if (state.refusing) throw new LimitedForTest();
    },
  });
}

/** The real users service in memory (with Ada), a token service, recording limits, and request contexts over them. */
export interface SessionHarness {
  readonly fakes: FakeServices;
  readonly limits: ReturnType<typeof recordingLimits>;
  /** The context of a request from {@link CLIENT_IP}, with `Authorization: Bearer <accessToken>` when given. */
  context(accessToken?: string): Promise<BffContext>;
  /** How many calls a users method received ("SignIn", …). */
  usersCalls(method: string): number;
}

export function sessionHarness(): SessionHarness {
  const fakes = createFakeServices(async (records) => {
    await records.addUsers([ADA]);
  });
  const tokens = createTokenService({ secret: "bff-shop-test-secret-of-at-least-32-bytes" });
  const limits = recordingLimits();
  const contextOf = createContextFactory({ clients: fakes.clients, tokens, caller: "bff-web", limits, clientIpOf: () => CLIENT_IP });
  return {
    fakes,
    limits,
    async context(accessToken) {
      await fakes.ready;
      return contextOf(new Request("http://bff.test/graphql", { method: "POST", headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} }));
    },
    usersCalls: (method) => fakes.calls.all.filter((c) => c.service === "users" && c.method === method).length,
  };
}
