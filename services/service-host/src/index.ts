export { startDomainService } from "./host/start-domain-service.js";
export type {
  CompositionScope,
  DomainComposition,
  DomainServiceOptions,
  RunningDomainService,
} from "./host/start-domain-service.js";
export { domainServiceConfigSpec } from "./host/domain-service-config.js";
