export { startDomainService } from "./start-domain-service.js";
export type {
  CompositionScope,
  DomainComposition,
  DomainServiceOptions,
  RunningDomainService,
} from "./start-domain-service.js";
