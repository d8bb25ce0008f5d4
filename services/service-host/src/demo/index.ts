export {
  DEMO_CATEGORIES,
  DEMO_LOGIN,
  DEMO_ORDER_COUNT,
  DEMO_PRODUCT_COUNT,
  DEMO_USER_COUNT,
  demoId,
  demoOrder,
  demoProduct,
  demoTime,
  demoUser,
} from "./demo-data.js";
export type { DemoOrder, DemoOrderStatus, DemoProduct, DemoUser } from "./demo-data.js";
