import type { ReservationRecord, StockShortage } from "../domain/reservation.js";
import { lockOrder, type StockLine } from "../domain/stock-lines.js";
import type { PrismaClient, Reservation } from "./generated/client.js";
import type { ReleaseOutcome, ReservationRepository, ReserveOutcome } from "./repositories.js";

/**
 * Waiting for and holding a transaction: generous, because the embedded database is one session
 * and a burst of reservations queues behind it.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/**
 * PostgreSQL ends a reservation transaction that waits this long for its next statement: the
 * session is terminated and its locks released. A replica frozen in the middle of one (SIGSTOP, a
 * stalled VM) would otherwise hold the reservation's key and the products' rows until it resumes,
 * and every retry of that order, on whichever replica, would wait on them past its deadline.
 */
const IDLE_IN_TRANSACTION_MS = 1_000;

/** Thrown inside a reservation's transaction to roll it back when a line is short. */
class RollbackForShortage extends Error {
  constructor(readonly shortages: StockShortage[]) {
    super("short of stock");
  }
}

/** Reservations through Prisma: every change is one transaction with row-level conditional updates. */
export class PrismaReservationRepository implements ReservationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findById(id: string): Promise<ReservationRecord | undefined> {
    const row = await this.prisma.reservation.findUnique({ where: { id } });
    return row ? toReservationRecord(row) : undefined;
  }

  async reserve(id: string, lines: readonly StockLine[], now: Date): Promise<ReserveOutcome> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('idle_in_transaction_session_timeout', ${String(IDLE_IN_TRANSACTION_MS)}, true)`;
        // The primary key decides between concurrent calls with one id: the loser waits for the
        // winner's commit, inserts nothing and returns what the winner stored.
        const inserted = await tx.$executeRaw`
          INSERT INTO reservations (id, lines, status, created_at, updated_at)
          VALUES (${id}, ${JSON.stringify(lines)}::jsonb, 'RESERVED', ${now}, ${now})
          ON CONFLICT (id) DO NOTHING`;
        if (inserted === 0) {
          const existing = await tx.reservation.findUniqueOrThrow({ where: { id } });
          return { kind: "existing", reservation: toReservationRecord(existing) } as const;
        }
        const shortages: StockShortage[] = [];
        // Sorted by product id so that concurrent reservations lock rows in one order (no deadlock).
        for (const line of lockOrder(lines)) {
          const updated = await tx.$executeRaw`
            UPDATE products SET stock = stock - ${line.quantity}, updated_at = ${now}
            WHERE id = ${line.productId}::uuid AND stock >= ${line.quantity}`;
          if (updated === 0) shortages.push({ productId: line.productId, requested: line.quantity, available: 0 });
        }
        if (shortages.length > 0) {
          const stock = await tx.product.findMany({
            where: { id: { in: shortages.map((s) => s.productId) } },
            select: { id: true, stock: true },
          });
          const available = new Map(stock.map((s) => [s.id, s.stock]));
          throw new RollbackForShortage(shortages.map((s) => ({ ...s, available: available.get(s.productId) ?? 0 })));
        }
        const reservation: ReservationRecord = { id, lines: [...lines], status: "RESERVED", createdAt: now, updatedAt: now };
        return { kind: "reserved", reservation } as const;
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof RollbackForShortage) return { kind: "short", shortages: error.shortages };
      throw error;
    }
  }

  async release(id: string, now: Date): Promise<ReleaseOutcome> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('idle_in_transaction_session_timeout', ${String(IDLE_IN_TRANSACTION_MS)}, true)`;
      // Only one caller can move RESERVED → RELEASED; the others find it released already.
      const changed = await tx.$executeRaw`
        UPDATE reservations SET status = 'RELEASED', updated_at = ${now}
        WHERE id = ${id} AND status = 'RESERVED'`;
      const row = await tx.reservation.findUnique({ where: { id } });
      if (!row) return { kind: "missing" } as const;
      const reservation = toReservationRecord(row);
      if (changed === 0) return { kind: "already-released", reservation } as const;
      for (const line of lockOrder(reservation.lines)) {
        await tx.$executeRaw`
          UPDATE products SET stock = stock + ${line.quantity}, updated_at = ${now}
          WHERE id = ${line.productId}::uuid`;
      }
      return { kind: "released", reservation } as const;
    }, TRANSACTION_OPTIONS);
  }
}

function toReservationRecord(row: Reservation): ReservationRecord {
  return {
    id: row.id,
    lines: parseLines(row.lines),
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function parseLines(value: unknown): StockLine[] {
  if (!Array.isArray(value)) throw new Error("stored reservation lines are not an array");
  return value.map((item: unknown) => {
    const { productId, quantity } = (item ?? {}) as Record<string, unknown>;
    if (typeof productId !== "string" || typeof quantity !== "number") throw new Error("malformed stored reservation line");
    return { productId, quantity };
  });
}
