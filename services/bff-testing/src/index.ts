export { createFakeServices } from "./fake-services.js";
export type { CallLog, FakeServices, RecordedCall } from "./fake-services.js";
export { demoFakeData, fakeOrder, fakeProduct, fakeUser } from "./fake-data.js";
export type { DemoFakeDataOptions, FakeData } from "./fake-data.js";
export { fakeFailedPrecondition, fakeInvalidArgument } from "./fake-errors.js";
