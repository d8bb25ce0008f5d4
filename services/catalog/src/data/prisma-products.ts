import type { FieldSelection } from "@shop/service-host";
import type { PartialProduct, ProductField, ProductRecord } from "../domain/product.js";
import type { Prisma, PrismaClient } from "./generated/client.js";
import { productSelect, toPartialProduct, toProductRow, type ProductRow } from "./product-rows.js";
import type { ListedProduct, ProductListQuery, ProductRepository } from "./repositories.js";

const BY_NAME_THEN_ID: Prisma.ProductOrderByWithRelationInput[] = [{ name: "asc" }, { id: "asc" }];
const BY_REC_KEY_THEN_ID: Prisma.ProductOrderByWithRelationInput[] = [{ recKey: "asc" }, { id: "asc" }];

/**
 * Products through Prisma. Each read is one SQL query (recommend: two when it wraps around) that
 * selects the id, the columns of the selected fields and, for ListProducts, the name its cursor
 * needs; ordering and filtering columns need not be selected.
 */
export class PrismaProductRepository implements ProductRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[], fields?: FieldSelection<ProductField>): Promise<PartialProduct[]> {
    if (ids.length === 0) return [];
    const select = productSelect(fields);
    const rows: ProductRow[] = await this.prisma.product.findMany({ where: { id: { in: [...ids] } }, select });
    return rows.map(toPartialProduct);
  }

  async list(query: ProductListQuery, fields: FieldSelection<ProductField>): Promise<ListedProduct[]> {
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
    const rows: (ProductRow & Required<Pick<ProductRow, "name">>)[] = await this.prisma.product.findMany({
      where: { AND: where },
      orderBy: BY_NAME_THEN_ID,
      take: query.limit,
      select: productSelect(fields, ["name"]),
    });
    return rows.map(toPartialProduct);
  }

  async recommend(startKey: number, limit: number, fields: FieldSelection<ProductField>): Promise<PartialProduct[]> {
    const select = productSelect(fields);
    const from: ProductRow[] = await this.prisma.product.findMany({
      where: { stock: { gt: 0 }, recKey: { gte: startKey } },
      orderBy: BY_REC_KEY_THEN_ID,
      take: limit,
      select,
    });
    if (from.length >= limit) return from.map(toPartialProduct);
    const wrapped: ProductRow[] = await this.prisma.product.findMany({
      where: { stock: { gt: 0 }, recKey: { lt: startKey } },
      orderBy: BY_REC_KEY_THEN_ID,
      take: limit - from.length,
      select,
    });
    return [...from, ...wrapped].map(toPartialProduct);
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
