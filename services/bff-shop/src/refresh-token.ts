import { isRecordId } from "@shop/bff-kit";

/**
 * `<session id>.<secret>` as the users service issues it: a 36-character UUIDv7, a dot, and the
 * secret (32 random bytes, 43 base64url characters); 80 characters in all.
 */
const REFRESH_TOKEN = /^([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/;

/**
 * The session id of a well-formed refresh token, or undefined for anything else, which therefore
 * never reaches the users service nor a rate-limit key.
 */
export function sessionIdOfRefreshToken(refreshToken: string): string | undefined {
  const sessionId = refreshToken.length === 80 ? REFRESH_TOKEN.exec(refreshToken)?.[1] : undefined;
  return sessionId !== undefined && isRecordId(sessionId) ? sessionId : undefined;
}
