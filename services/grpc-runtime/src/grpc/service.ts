import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";

/** A service implementation ready to be hosted by `startGrpcServer` or `createTestTransport`. */
export interface ServiceRegistration {
  /** The generated service descriptor, e.g. `UserService`. */
  readonly desc: DescService;
  /** The handlers; methods left out answer UNIMPLEMENTED. */
  readonly impl: Partial<ServiceImpl<DescService>>;
}

/** Pairs a generated service descriptor with its (possibly partial) Connect implementation. */
export function service<S extends DescService>(desc: S, impl: Partial<ServiceImpl<S>>): ServiceRegistration {
  return { desc, impl: impl as Partial<ServiceImpl<DescService>> };
}
