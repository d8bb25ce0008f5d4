import type { ServiceClients } from "@shop/bff-kit";
import { MemoryCatalog, type ProductRecord } from "@shop/catalog/testing";
import type { Product } from "@shop/contracts/catalog/v1";
import { OrderStatus, type Order } from "@shop/contracts/orders/v1";
import type { User } from "@shop/contracts/users/v1";
import { newId } from "@shop/grpc-runtime/ids";
import { Money, Order as OrderAggregate, type OrderRepository, type OrderStatus as StoredStatus } from "@shop/orders/testing";
import { normalizeEmail, UNUSABLE_PASSWORD_HASH, type PasswordHasher, type UserRepository } from "@shop/users/testing";

/** A user to store. Absent fields get a fresh UUIDv7, no avatar and the current time. */
export interface NewUser {
  readonly id?: string;
  readonly email: string;
  readonly displayName: string;
  /** Hashed the way the users service hashes; without one, no password matches (as for seeded users). */
  readonly password?: string;
  readonly avatarUrl?: string;
  readonly avatarThumbnailUrl?: string;
  readonly createdAt?: Date;
}

/** A product to store. Absent fields get a fresh UUIDv7, USD, category "tests", stock 100, rating 4.25. */
export interface NewProduct {
  readonly id?: string;
  readonly name: string;
  readonly priceMinor: bigint | number;
  readonly currencyCode?: string;
  readonly description?: string;
  readonly category?: string;
  readonly imageUrls?: readonly string[];
  readonly thumbnailUrl?: string;
  readonly averageRating?: number;
  readonly reviewCount?: number;
  /** What ReserveStock takes from. */
  readonly stock?: number;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
}

/** Fields of a stored product to replace. */
export type ProductChanges = Partial<Omit<NewProduct, "id">>;

/** An order to store as it is (no stock is reserved). Absent fields: a fresh UUIDv7, PLACED, now. */
export interface NewOrder {
  readonly id?: string;
  readonly userId: string;
  readonly status?: OrderStatus;
  readonly createdAt?: Date;
  /** Without `unitPriceMinor`, a line is priced from the stored product (which must exist). */
  readonly lines: readonly { readonly productId: string; readonly quantity: number; readonly unitPriceMinor?: bigint | number }[];
}

/**
 * The records behind the in-memory services. Writes go straight to the repositories (there are no
 * write RPCs for products, and stored orders need not be placed); reads go through the real routes
 * without being recorded or faulted, so what they return is what the services answer.
 */
export interface ServiceRecords {
  addUser(user: NewUser): Promise<User>;
  addUsers(users: readonly NewUser[]): Promise<User[]>;
  addProduct(product: NewProduct): Promise<Product>;
  addProducts(products: readonly NewProduct[]): Promise<Product[]>;
  /** Replaces some fields of a stored product (stock, price, rating…). */
  updateProduct(id: string, changes: ProductChanges): Promise<Product>;
  /** Deletes a product, as if it had left the catalog. */
  removeProduct(id: string): Promise<void>;
  addOrder(order: NewOrder): Promise<Order>;
  addOrders(orders: readonly NewOrder[]): Promise<Order[]>;
  /** Stores another status for an order, whatever its current one. */
  setOrderStatus(id: string, status: OrderStatus): Promise<Order>;
  /** The user as UserService answers it, or undefined. */
  user(id: string): Promise<User | undefined>;
  /** The product as CatalogService answers it, or undefined. */
  product(id: string): Promise<Product | undefined>;
  /** The order as OrderService answers it, or undefined. */
  order(id: string): Promise<Order | undefined>;
  /** A user's orders as ListOrders answers them (newest first), every page. */
  ordersOf(userId: string): Promise<Order[]>;
}

/** Where the records are kept, and what storing them takes. */
export interface RecordStores {
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  readonly catalog: MemoryCatalog;
  readonly orders: OrderRepository;
  readonly now: () => Date;
}

const BATCH = 500;

const STORED_STATUS: ReadonlyMap<OrderStatus, StoredStatus> = new Map([
  [OrderStatus.PLACED, "PLACED"],
  [OrderStatus.PAID, "PAID"],
  [OrderStatus.SHIPPED, "SHIPPED"],
  [OrderStatus.DELIVERED, "DELIVERED"],
  [OrderStatus.CANCELLED, "CANCELLED"],
]);

/** Records over `stores`, read back through `direct` (clients of the bare routes). */
export function createServiceRecords(stores: RecordStores, direct: ServiceClients): ServiceRecords {
  const usersById = (ids: readonly string[]) => inBatches(ids, async (batch) => (await direct.users.batchGetUsers({ ids: batch })).users);
  const productsById = (ids: readonly string[]) => inBatches(ids, async (batch) => (await direct.catalog.batchGetProducts({ ids: batch })).products);
  const ordersById = (ids: readonly string[]) => inBatches(ids, async (batch) => (await direct.orders.batchGetOrders({ ids: batch })).orders);

  const records: ServiceRecords = {
    addUser: async (user) => (await records.addUsers([user]))[0]!,
    async addUsers(users) {
      const ids: string[] = [];
      for (const user of users) {
        const email = normalizeEmail(user.email);
        if (!email.ok) throw new Error(`addUser: email ${user.email} ${email.reason}`);
        const createdAt = user.createdAt ?? stores.now();
        const id = user.id ?? newId();
        await stores.users.insert({
          id,
          email: email.email,
          displayName: user.displayName,
          passwordHash: user.password === undefined ? UNUSABLE_PASSWORD_HASH : await stores.passwords.hash(user.password),
          avatarUrl: user.avatarUrl ?? "",
          avatarThumbnailUrl: user.avatarThumbnailUrl ?? "",
          createdAt,
          updatedAt: createdAt,
        });
        ids.push(id);
      }
      return usersById(ids);
    },

    addProduct: async (product) => (await records.addProducts([product]))[0]!,
    async addProducts(products) {
      const ids = products.map((product) => {
        const record = productRecord(product, stores.now());
        if (stores.catalog.rows.has(record.id)) throw new Error(`addProduct: product ${record.id} exists`);
        stores.catalog.rows.set(record.id, record);
        return record.id;
      });
      return productsById(ids);
    },
    async updateProduct(id, changes) {
      const current = stores.catalog.rows.get(id);
      if (current === undefined) throw new Error(`updateProduct: no product ${id}`);
      const changed = productRecord({ ...current, ...changes, id, updatedAt: changes.updatedAt ?? stores.now() }, current.createdAt);
      stores.catalog.rows.set(id, changed);
      return (await productsById([id]))[0]!;
    },
    async removeProduct(id) {
      if (!stores.catalog.rows.delete(id)) throw new Error(`removeProduct: no product ${id}`);
    },

    addOrder: async (order) => (await records.addOrders([order]))[0]!,
    async addOrders(orders) {
      const unpriced = orders.flatMap((o) => o.lines.filter((l) => l.unitPriceMinor === undefined).map((l) => l.productId));
      const catalog = new Map((await stores.catalog.products.findByIds([...new Set(unpriced)])).map((p) => [p.id, p]));
      const ids: string[] = [];
      for (const order of orders) {
        const createdAt = order.createdAt ?? stores.now();
        const id = order.id ?? newId();
        const lines = order.lines.map((line) => {
          const product = catalog.get(line.productId);
          if (line.unitPriceMinor === undefined && product === undefined) {
            throw new Error(`addOrder: product ${line.productId} is not in the catalog; give the line a unitPriceMinor`);
          }
          const unitPrice = Money.of(product?.currencyCode ?? "USD", line.unitPriceMinor ?? product!.priceMinor);
          return { productId: line.productId, quantity: line.quantity, unitPrice };
        });
        await stores.orders.insert(
          OrderAggregate.restore({ id, userId: order.userId, lines, status: storedStatus(order.status ?? OrderStatus.PLACED), createTime: createdAt, updateTime: createdAt }),
        );
        ids.push(id);
      }
      return ordersById(ids);
    },
    async setOrderStatus(id, status) {
      const current = await stores.orders.findById(id);
      if (current === undefined) throw new Error(`setOrderStatus: no order ${id}`);
      const changed = OrderAggregate.restore({ ...current.state, status: storedStatus(status), updateTime: stores.now() });
      if (!(await stores.orders.updateStatus(changed, current.status))) throw new Error(`setOrderStatus: order ${id} changed meanwhile`);
      return (await ordersById([id]))[0]!;
    },

    user: async (id) => (await usersById([id]))[0],
    product: async (id) => (await productsById([id]))[0],
    order: async (id) => (await ordersById([id]))[0],
    async ordersOf(userId) {
      const orders: Order[] = [];
      let pageToken = "";
      do {
        const page = await direct.orders.listOrders({ userId, pageSize: 100, pageToken });
        orders.push(...page.orders);
        pageToken = page.nextPageToken;
      } while (pageToken !== "");
      return orders;
    },
  };
  return records;
}

function productRecord(product: NewProduct, now: Date): ProductRecord {
  const id = product.id ?? newId();
  const createdAt = product.createdAt ?? now;
  return {
    id,
    name: product.name,
    description: product.description ?? `About ${product.name}.`,
    currencyCode: product.currencyCode ?? "USD",
    priceMinor: BigInt(product.priceMinor),
    category: product.category ?? "tests",
    imageUrls: [...(product.imageUrls ?? [`https://img.shop.test/tests/${id}/0.jpg`])],
    thumbnailUrl: product.thumbnailUrl ?? `https://img.shop.test/tests/${id}/thumb.jpg`,
    averageRating: product.averageRating ?? 4.25,
    reviewCount: product.reviewCount ?? 10,
    stock: product.stock ?? 100,
    createdAt,
    updatedAt: product.updatedAt ?? createdAt,
  };
}

function storedStatus(status: OrderStatus): StoredStatus {
  const stored = STORED_STATUS.get(status);
  if (stored === undefined) throw new Error(`not an order status: ${status}`);
  return stored;
}

async function inBatches<T>(ids: readonly string[], read: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < ids.length; start += BATCH) out.push(...(await read(ids.slice(start, start + BATCH))));
  return out;
}
