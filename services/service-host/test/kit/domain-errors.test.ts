import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { fieldViolationsOf, notFoundIdsOf, preconditionViolationsOf } from "@shop/grpc-runtime";
import { ResourceInfoSchema } from "@shop/contracts/google/rpc/error_details";
import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
} from "../../src/kit/domain-errors.js";
import { toConnectError } from "../../src/kit/to-connect-error.js";
import { withDomainErrors } from "../../src/kit/with-domain-errors.js";

function mapped(error: unknown): ConnectError {
  const result = toConnectError(error);
  if (!(result instanceof ConnectError)) throw new Error("expected a ConnectError");
  return result;
}

class ShortOfStock extends FailedPreconditionError {
  constructor(productId: string) {
    super([{ type: "STOCK", subject: productId, description: "requested 2, available 1" }], `not enough stock for ${productId}`);
  }
}

describe("toConnectError", () => {
  it("when a use case throws InvalidInputError, then INVALID_ARGUMENT carries a BadRequest with its violations", () => {
    const error = mapped(new InvalidInputError([{ field: "ids[3]", description: "must be a lower-case UUIDv7" }]));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("ids[3]: must be a lower-case UUIDv7");
    expect(fieldViolationsOf(error)).toEqual([{ field: "ids[3]", description: "must be a lower-case UUIDv7" }]);
    const many = mapped(new InvalidInputError(Array.from({ length: 10_000 }, (_, i) => ({ field: `ids[${i}]`, description: "bad" })), "bad ids"));
    expect(fieldViolationsOf(many)).toHaveLength(21);
    expect(fieldViolationsOf(many)[20]).toEqual({ field: "ids", description: "… and 9980 more" });
  });

  it("when NotFoundError names ids, then NOT_FOUND with a ResourceInfo each (at most 20, the message says how many more)", () => {
    const error = mapped(new NotFoundError("product", ["a", "b"]));
    expect(error.code).toBe(Code.NotFound);
    expect(error.findDetails(ResourceInfoSchema).map((d) => [d.resourceType, d.resourceName])).toEqual([["product", "a"], ["product", "b"]]);
    const many = mapped(new NotFoundError("order", Array.from({ length: 10_000 }, (_, i) => `id-${i}`)));
    expect(notFoundIdsOf(many)).toHaveLength(20);
    expect(many.rawMessage).toMatch(/… and 9980 more$/);
  });

  it("when a FailedPreconditionError (or a subclass) is thrown, then FAILED_PRECONDITION with its typed violations", () => {
    const error = mapped(new ShortOfStock("p-1"));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toBe("not enough stock for p-1");
    expect(preconditionViolationsOf(error)).toEqual([{ type: "STOCK", subject: "p-1", description: "requested 2, available 1" }]);
    const many = mapped(new FailedPreconditionError(Array.from({ length: 100 }, (_, i) => ({ type: "STOCK", subject: `p-${i}`, description: "short" })), "short"));
    expect(preconditionViolationsOf(many)).toHaveLength(21);
    expect(preconditionViolationsOf(many)[20]).toEqual({ type: "STOCK", subject: "…", description: "… and 80 more" });
  });

  it("when AlreadyExists, Conflict or Unauthenticated errors are thrown, then ALREADY_EXISTS, ABORTED and UNAUTHENTICATED", () => {
    const exists = mapped(new AlreadyExistsError("user", "a@b.c", "email is already registered"));
    expect([exists.code, exists.rawMessage, exists.findDetails(ResourceInfoSchema)[0]?.resourceName]).toEqual([
      Code.AlreadyExists,
      "email is already registered",
      "a@b.c",
    ]);
    const conflict = mapped(new ConflictError("order", "o-1", "order o-1 kept changing"));
    expect([conflict.code, conflict.findDetails(ResourceInfoSchema)[0]?.resourceName]).toEqual([Code.Aborted, "o-1"]);
    const unauthenticated = mapped(new UnauthenticatedError("invalid email or password"));
    expect([unauthenticated.code, unauthenticated.rawMessage, unauthenticated.details]).toEqual([Code.Unauthenticated, "invalid email or password", []]);
  });

  it("when anything else is thrown, then it is returned as it is (ConnectErrors pass through, faults stay faults)", () => {
    const upstream = new ConnectError("catalog down", Code.Unavailable);
    expect(toConnectError(upstream)).toBe(upstream);
    const fault = new Error("disk on fire");
    expect(toConnectError(fault)).toBe(fault);
  });
});

describe("withDomainErrors", () => {
  const impl = withDomainErrors(UserService, {
    getUser(request) {
      if (request.id === "sync") throw new NotFoundError("user", ["sync"]);
      return { user: { id: request.id } };
    },
    async batchGetUsers() {
      throw new InvalidInputError([{ field: "ids", description: "must hold 1 to 500 ids" }]);
    },
    async createUser() {
      throw new ConnectError("upstream said no", Code.ResourceExhausted);
    },
  });
  const client = createClient(UserService, createRouterTransport((router) => router.service(UserService, impl)));
  const failure = (call: Promise<unknown>): Promise<ConnectError> =>
    call.then(
      () => {
        throw new Error("expected the call to fail");
      },
      (e: unknown) => ConnectError.from(e),
    );

  it("when a method answers, then the answer is unchanged; methods left out stay out", async () => {
    expect((await client.getUser({ id: "u-1" })).user?.id).toBe("u-1");
    expect(Object.keys(impl).sort()).toEqual(["batchGetUsers", "createUser", "getUser"]);
  });

  it("when a method throws a kit error, synchronously or not, then the caller sees its status and details", async () => {
    const sync = await failure(client.getUser({ id: "sync" }));
    expect([sync.code, notFoundIdsOf(sync)]).toEqual([Code.NotFound, ["sync"]]);
    const async = await failure(client.batchGetUsers({ ids: [] }));
    expect([async.code, fieldViolationsOf(async).map((v) => v.field)]).toEqual([Code.InvalidArgument, ["ids"]]);
  });

  it("when a method throws a ConnectError, then it passes through", async () => {
    const error = await failure(client.createUser({}));
    expect([error.code, error.rawMessage]).toEqual([Code.ResourceExhausted, "upstream said no"]);
  });
});
