import { uuidV7From } from "@shop/grpc-runtime/ids";
import { hashString, seededRandom } from "./random.js";

/**
 * The deterministic demo data set shared by every service's seed. Each service seeds only its own
 * tables, but all of them derive ids (and the prices orders need) from these functions, so the
 * three databases agree without calling each other.
 */

export const DEMO_USER_COUNT = 1_000;
export const DEMO_PRODUCT_COUNT = 5_000;
export const DEMO_ORDER_COUNT = 20_000;
/** The documented demo login: user number 0. */
export const DEMO_LOGIN = { email: "demo@shop.test", password: "demo-password" } as const;

/** Timestamps of the demo data start here and move forward by one minute per row. */
const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1);

export const DEMO_CATEGORIES = [
  "audio", "books", "cameras", "coffee", "computers", "cycling", "fitness", "gaming", "garden",
  "home", "kitchen", "lighting", "music", "office", "outdoor", "pets", "phones", "shoes", "toys",
  "watches",
] as const;

/** Deterministic UUIDv7 number `index` of a kind ("user", "product", "order"). */
export function demoId(kind: string, index: number): string {
  const next = seededRandom(hashString(`${kind}:${index}`));
  const random = new Uint8Array(10);
  for (let i = 0; i < random.length; i++) random[i] = Math.floor(next() * 256);
  return uuidV7From(DEMO_EPOCH_MS + index * 60_000 + hashString(kind) % 1000, random);
}

export function demoTime(index: number): Date {
  return new Date(DEMO_EPOCH_MS + index * 60_000);
}

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  avatarUrl: string;
  avatarThumbnailUrl: string;
  createdAt: Date;
}

const FIRST = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Edsger", "Radia", "Tim"];
const LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee"];

export function demoUser(index: number): DemoUser {
  const next = seededRandom(hashString(`user-fields:${index}`));
  const first = FIRST[Math.floor(next() * FIRST.length)]!;
  const last = LAST[Math.floor(next() * LAST.length)]!;
  const hasAvatar = index === 0 || next() < 0.8;
  return {
    id: demoId("user", index),
    email: index === 0 ? DEMO_LOGIN.email : `user${index}@shop.test`,
    displayName: index === 0 ? "Demo Shopper" : `${first} ${last}`,
    avatarUrl: hasAvatar ? `https://img.shop.test/avatars/${index}.jpg` : "",
    avatarThumbnailUrl: hasAvatar ? `https://img.shop.test/avatars/${index}-64.jpg` : "",
    createdAt: demoTime(index),
  };
}

export interface DemoProduct {
  id: string;
  name: string;
  description: string;
  currencyCode: "USD";
  priceMinor: number;
  category: string;
  imageUrls: string[];
  thumbnailUrl: string;
  averageRating: number;
  reviewCount: number;
  stock: number;
  createdAt: Date;
}

const ADJECTIVES = ["Compact", "Classic", "Pro", "Ultra", "Eco", "Smart", "Rugged", "Silent", "Travel", "Studio"];
const NOUNS = ["Kit", "Set", "Edition", "Pack", "Model", "Series", "Bundle", "Unit"];

export function demoProduct(index: number): DemoProduct {
  const next = seededRandom(hashString(`product-fields:${index}`));
  const category = DEMO_CATEGORIES[index % DEMO_CATEGORIES.length]!;
  const adjective = ADJECTIVES[Math.floor(next() * ADJECTIVES.length)]!;
  const noun = NOUNS[Math.floor(next() * NOUNS.length)]!;
  const reviewCount = Math.floor(next() * 500);
  const imageCount = 1 + Math.floor(next() * 3);
  return {
    id: demoId("product", index),
    name: `${adjective} ${category} ${noun} ${index}`,
    description: `A ${adjective.toLowerCase()} ${noun.toLowerCase()} for ${category}, item number ${index} of the demo catalog.`,
    currencyCode: "USD",
    priceMinor: 199 + Math.floor(next() * 49_800),
    category,
    imageUrls: Array.from({ length: imageCount }, (_, i) => `https://img.shop.test/products/${index}/${i}.jpg`),
    thumbnailUrl: `https://img.shop.test/products/${index}/thumb.jpg`,
    averageRating: reviewCount === 0 ? 0 : Math.round((1 + next() * 4) * 100) / 100,
    reviewCount,
    // About one product in twelve is sold out; the rest have plenty.
    stock: next() < 0.08 ? 0 : 50 + Math.floor(next() * 950),
    createdAt: demoTime(index),
  };
}

export type DemoOrderStatus = "PLACED" | "PAID" | "SHIPPED" | "DELIVERED" | "CANCELLED";

export interface DemoOrder {
  id: string;
  userId: string;
  status: DemoOrderStatus;
  lines: { productId: string; quantity: number; unitPriceMinor: number; currencyCode: "USD" }[];
  createdAt: Date;
}

const STATUSES: DemoOrderStatus[] = ["DELIVERED", "DELIVERED", "DELIVERED", "SHIPPED", "PAID", "PLACED", "CANCELLED"];

/** Order `index`: 1–5 distinct products, priced from the demo catalog, for a user spread evenly. */
export function demoOrder(index: number): DemoOrder {
  const next = seededRandom(hashString(`order-fields:${index}`));
  const lineCount = 1 + Math.floor(next() * 5);
  const productIndexes = new Set<number>();
  while (productIndexes.size < lineCount) productIndexes.add(Math.floor(next() * DEMO_PRODUCT_COUNT));
  return {
    id: demoId("order", index),
    userId: demoId("user", index % DEMO_USER_COUNT),
    status: STATUSES[Math.floor(next() * STATUSES.length)]!,
    lines: [...productIndexes].map((p) => ({
      productId: demoId("product", p),
      quantity: 1 + Math.floor(next() * 3),
      unitPriceMinor: demoProduct(p).priceMinor,
      currencyCode: "USD" as const,
    })),
    createdAt: demoTime(index),
  };
}
