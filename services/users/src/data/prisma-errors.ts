import { Prisma } from "./generated/client.js";
import { EmailTakenError } from "./user-repository.js";

/** True when a write broke a unique index (Prisma's P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * What a failed registration write throws: EmailTakenError for a unique violation (the email index
 * is the only unique one a new user with a new id can break), anything else as it is.
 */
export function registrationError(error: unknown, email: string): unknown {
  return isUniqueViolation(error) ? new EmailTakenError(email) : error;
}

/** True when the record a write needed does not exist (Prisma's P2025). */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
