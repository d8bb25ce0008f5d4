import { inMemoryOrders } from "./support/harness.js";
import { describeOrderServiceBehaviour } from "./support/order-service-behaviour.js";

describeOrderServiceBehaviour("OrderService in memory (router transport, Map repository, fake catalog)", async () => inMemoryOrders());
