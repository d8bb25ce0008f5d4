import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import type { ServiceClients, ServiceName } from "@shop/bff-kit";
import { fakeCatalogService } from "./fake-catalog.js";
import { demoFakeData, type FakeData } from "./fake-data.js";
import { fakeOrderService } from "./fake-orders.js";
import { fakeUserService } from "./fake-users.js";

/** One call a fake service received. */
export interface RecordedCall {
  /** "users" | "catalog" | "orders" */
  readonly service: ServiceName;
  /** The proto method name, e.g. "BatchGetProducts". */
  readonly method: string;
  /** The request message as received. */
  readonly request: unknown;
  /** The request headers (x-request-id, x-user-id, traceparent, x-caller…). */
  readonly headers: Headers;
  /** The deadline the caller set, if any. */
  readonly timeoutMs: number | undefined;
}

/** Calls received so far, in order. */
export interface CallLog {
  readonly all: readonly RecordedCall[];
  /** Calls to a service ("catalog") or to one method ("catalog.BatchGetProducts"); no target = all. */
  count(target?: string): number;
  /** Calls per "service.Method", e.g. `{ "catalog.BatchGetProducts": 1 }`; handy in assertions. */
  summary(): Record<string, number>;
  /** Forgets every recorded call. */
  reset(): void;
}

/** In-memory user, catalog and order services with call counters and fault injection. */
export interface FakeServices {
  /** Typed clients over Connect router transports (no sockets), the type a BFF takes. */
  readonly clients: ServiceClients;
  /** The records behind the fakes; change them freely between requests. */
  readonly data: FakeData;
  /** The ServiceImpls, to host them elsewhere (e.g. on a real server). */
  readonly impls: {
    readonly users: ServiceImpl<typeof UserService>;
    readonly catalog: ServiceImpl<typeof CatalogService>;
    readonly orders: ServiceImpl<typeof OrderService>;
  };
  readonly calls: CallLog;
  /** From now on, calls to a service ("catalog") or one method ("catalog.BatchGetProducts") fail with `code`. */
  fail(target: string, code: Code, message?: string): void;
  /** From now on, such calls never answer until their deadline (or the caller's abort). */
  hang(target: string): void;
  /** Removes the fault of one target, or all faults. */
  heal(target?: string): void;
}

type Fault = { readonly kind: "fail"; readonly code: Code; readonly message: string } | { readonly kind: "hang" };

/** Fakes over `data` (default: a small slice of the demo data set, see {@link demoFakeData}). */
export function createFakeServices(data: FakeData = demoFakeData()): FakeServices {
  const recorded: RecordedCall[] = [];
  const faults = new Map<string, Fault>();
  const impls = { users: fakeUserService(data), catalog: fakeCatalogService(data), orders: fakeOrderService(data) };

  function instrument<S extends DescService>(service: ServiceName, desc: S, impl: ServiceImpl<S>): ServiceImpl<S> {
    const wrapped: Record<string, unknown> = {};
    for (const method of desc.methods) {
      const original = (impl as unknown as Record<string, (req: unknown, ctx: HandlerContext) => unknown>)[method.localName]!;
      wrapped[method.localName] = async (request: unknown, context: HandlerContext) => {
        recorded.push({ service, method: method.name, request, headers: new Headers(context.requestHeader), timeoutMs: context.timeoutMs() });
        const fault = faults.get(`${service}.${method.name}`) ?? faults.get(service);
        if (fault?.kind === "fail") throw new ConnectError(fault.message, fault.code);
        if (fault?.kind === "hang") {
          await new Promise<void>((resolve) => {
            if (context.signal.aborted) resolve();
            context.signal.addEventListener("abort", () => resolve(), { once: true });
          });
          throw new ConnectError("hung until the deadline", Code.DeadlineExceeded);
        }
        return original.call(impl, request, context);
      };
    }
    return wrapped as unknown as ServiceImpl<S>;
  }

  const transport = <S extends DescService>(service: ServiceName, desc: S, impl: ServiceImpl<S>) =>
    createRouterTransport((router) => router.service(desc, instrument(service, desc, impl)));

  const clients: ServiceClients = {
    users: createClient(UserService, transport("users", UserService, impls.users)),
    catalog: createClient(CatalogService, transport("catalog", CatalogService, impls.catalog)),
    orders: createClient(OrderService, transport("orders", OrderService, impls.orders)),
  };

  const matches = (call: RecordedCall, target: string | undefined) =>
    target === undefined || target === call.service || target === `${call.service}.${call.method}`;

  return {
    clients,
    data,
    impls,
    calls: {
      get all() { return recorded; },
      count: (target) => recorded.filter((c) => matches(c, target)).length,
      summary: () => {
        const out: Record<string, number> = {};
        for (const c of recorded) out[`${c.service}.${c.method}`] = (out[`${c.service}.${c.method}`] ?? 0) + 1;
        return out;
      },
      reset: () => { recorded.length = 0; },
    },
    fail: (target, code, message = `injected ${Code[code]}`) => { faults.set(target, { kind: "fail", code, message }); },
    hang: (target) => { faults.set(target, { kind: "hang" }); },
    heal: (target) => { if (target === undefined) faults.clear(); else faults.delete(target); },
  };
}
