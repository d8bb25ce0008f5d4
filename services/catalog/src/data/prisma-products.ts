import type { ProductRecord } from "../domain/product.js";
import type { Prisma, PrismaClient } from "./generated/client.js";
import { toProductRecord, toProductRow } from "./product-rows.js";
import type { ProductListQuery, ProductRepository } from "./repositories.js";

const BY_NAME_THEN_ID: Prisma.ProductOrderByWithRelationInput[] = [{ name: "asc" }, { id: "asc" }];
const BY_REC_KEY_THEN_ID: Prisma.ProductOrderByWithRelationInput[] = [{ recKey: "asc" }, { id: "asc" }];

/** Products through Prisma. Each read is one SQL query (recommend: two when it wraps around). */
export class PrismaProductRepository implements ProductRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<ProductRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.product.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toProductRecord);
  }

  async list(query: ProductListQuery): Promise<ProductRecord[]> {
    const where: Prisma.ProductWhereInput[] = [];
    if (query.category !== undefined) where.push({ category: query.category });
    if (query.text !== undefined) {
      // LIKE wildcards in the user's text are matched literally.
      const text = escapeLike(query.text);
      where.push({
        OR: [
          { name: { contains: text, mode: "insensitive" } },
          { description: { contains: text, mode: "insensitive" } },
        ],
      });
    }
    if (query.after) {
      const { name, id } = query.after;
      where.push({ OR: [{ name: { gt: name } }, { name, id: { gt: id } }] });
    }
    const rows = await this.prisma.product.findMany({ where: { AND: where }, orderBy: BY_NAME_THEN_ID, take: query.limit });
    return rows.map(toProductRecord);
  }

  async recommend(startKey: number, limit: number): Promise<ProductRecord[]> {
    const from = await this.prisma.product.findMany({
      where: { stock: { gt: 0 }, recKey: { gte: startKey } },
      orderBy: BY_REC_KEY_THEN_ID,
      take: limit,
    });
    if (from.length >= limit) return from.map(toProductRecord);
    const wrapped = await this.prisma.product.findMany({
      where: { stock: { gt: 0 }, recKey: { lt: startKey } },
      orderBy: BY_REC_KEY_THEN_ID,
      take: limit - from.length,
    });
    return [...from, ...wrapped].map(toProductRecord);
  }

  /** Inserts products in chunks of one multi-row INSERT each (seed and tests; there is no product-writing RPC). */
  async insertMany(products: readonly ProductRecord[], chunkSize = 1000): Promise<void> {
    for (let i = 0; i < products.length; i += chunkSize) {
      await this.prisma.product.createMany({ data: products.slice(i, i + chunkSize).map(toProductRow) });
    }
  }

  async count(): Promise<number> {
    return this.prisma.product.count();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
