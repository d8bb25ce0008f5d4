export { createFakeServices, TEST_PASSWORD_PARAMS } from "./fake-services.js";
export type { FakeServices } from "./fake-services.js";
export type { CallLog, RecordedCall } from "./call-log.js";
export { demoSlice } from "./demo-slice.js";
export type { DemoSliceOptions, Seed } from "./demo-slice.js";
export type { NewOrder, NewProduct, NewUser, ProductChanges, ServiceRecords } from "./service-records.js";
