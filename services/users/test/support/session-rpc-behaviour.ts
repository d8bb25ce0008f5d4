import { Code, type Client } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { UserService } from "@shop/contracts/users/v1";
import { newId } from "@shop/grpc-runtime/ids";
import { describe, expect, it } from "vitest";
import { INVALID_REFRESH_TOKEN_MESSAGE } from "../../src/refresh-session.js";
import { BAD_CREDENTIALS_MESSAGE } from "../../src/verify-credentials.js";
import { expectInvalid, failure, freshEmail } from "./user-service-behaviour.js";

const REFRESH_TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/;
const DAY_MS = 86_400_000;

/** A refresh token of the right shape whose secret was never handed out. */
function forgedSecret(token: string): string {
  const [id] = token.split(".");
  return `${id}.${"A".repeat(43)}`;
}

/**
 * The session RPCs of UserService (SignUp, SignIn, RefreshSession, RevokeSession, ChangePassword),
 * run by the behaviour suite against every host: in memory and over a socket on PGlite and
 * PostgreSQL. Expiry and races are told at the use-case level (session-stories), where the clock is the test's.
 */
export function describeSessionRpcs(client: () => Client<typeof UserService>): void {
  const signUp = (email = freshEmail(), password = "a good password") =>
    client().signUp({ email, password, displayName: "Session Tester", client: "web" });

  describe("SignUp and SignIn", () => {
    it("when a user signs up, then the answer holds the user, their session (14-day idle and 30-day absolute expiry) and a refresh token naming it", async () => {
      const email = freshEmail();
      const { user, session, refreshToken } = await signUp(email);
      expect(user).toMatchObject({ email, displayName: "Session Tester" });
      expect(session?.userId).toBe(user?.id);
      expect(refreshToken).toMatch(REFRESH_TOKEN);
      expect(refreshToken.split(".")[0]).toBe(session?.id);
      const created = timestampDate(session!.createTime!).getTime();
      expect(timestampDate(session!.refreshExpireTime!).getTime() - created).toBe(14 * DAY_MS);
      expect(timestampDate(session!.expireTime!).getTime() - created).toBe(30 * DAY_MS);
      expect((await client().getUser({ id: user!.id })).user).toEqual(user);
    });

    it("when the email is taken in another case, then SignUp is ALREADY_EXISTS", async () => {
      const email = freshEmail();
      await signUp(email);
      expect((await failure(signUp(email.toUpperCase()))).code).toBe(Code.AlreadyExists);
    });

    it("when every field of SignUp is bad, then INVALID_ARGUMENT names each of them, the client included", async () => {
      await expectInvalid(client().signUp({ email: "nope", displayName: "", password: "short", client: "Web App" }), [
        "email",
        "display_name",
        "password",
        "client",
      ]);
      await expectInvalid(client().signUp({ email: freshEmail(), displayName: "x", password: "long enough", client: "" }), ["client"]);
      await expectInvalid(client().signUp({ email: freshEmail(), displayName: "x", password: "long enough", client: "c".repeat(33) }), ["client"]);
    });

    it("when a user signs in, then a new session family starts each time; a wrong password and an unknown email are UNAUTHENTICATED alike", async () => {
      const email = freshEmail();
      const { user } = await signUp(email, "right password");
      const first = await client().signIn({ email: email.toUpperCase(), password: "right password", client: "mobile" });
      const second = await client().signIn({ email, password: "right password", client: "web" });
      expect(first.user).toEqual(user);
      expect(first.session?.id).not.toBe(second.session?.id);
      const wrong = await failure(client().signIn({ email, password: "wrong password", client: "web" }));
      const unknown = await failure(client().signIn({ email: freshEmail(), password: "right password", client: "web" }));
      for (const error of [wrong, unknown]) {
        expect(error.code).toBe(Code.Unauthenticated);
        expect(error.rawMessage).toBe(BAD_CREDENTIALS_MESSAGE);
      }
    });

    it("when SignIn has missing, oversized or hostile fields, then INVALID_ARGUMENT names them", async () => {
      await expectInvalid(client().signIn({ email: "", password: "", client: "" }), ["email", "password", "client"]);
      await expectInvalid(client().signIn({ email: `${"a".repeat(300)}@x.com`, password: "p".repeat(100_000), client: "web\u0000" }), [
        "email",
        "password",
        "client",
      ]);
    });
  });

  describe("RefreshSession and RevokeSession", () => {
    it("when a refresh token is traded in, then the same session comes back with a new token, and the old token presented again revokes the family", async () => {
      const { session, refreshToken } = await signUp();
      const next = await client().refreshSession({ refreshToken });
      expect(next.session?.id).toBe(session?.id);
      expect(next.refreshToken).toMatch(REFRESH_TOKEN);
      expect(next.refreshToken).not.toBe(refreshToken);
      const third = await client().refreshSession({ refreshToken: next.refreshToken });

      const reused = await failure(client().refreshSession({ refreshToken }));
      expect([reused.code, reused.rawMessage]).toEqual([Code.Unauthenticated, INVALID_REFRESH_TOKEN_MESSAGE]);
      // The whole family ended: the newest token, never used, is refused too.
      expect((await failure(client().refreshSession({ refreshToken: third.refreshToken }))).code).toBe(Code.Unauthenticated);
    });

    it("when RefreshSession gets a malformed, oversized, forged or unknown token, then UNAUTHENTICATED with one message, and a forged secret revokes nothing", async () => {
      const { refreshToken } = await signUp();
      const id = refreshToken.split(".")[0]!;
      const hostile = [
        "",
        "garbage",
        ".",
        `${id}.`,
        `${id.toUpperCase()}.${refreshToken.split(".")[1]}`,
        `${refreshToken}.extra`,
        `${refreshToken}=`,
        "x".repeat(10_000),
        `${newId()}.${refreshToken.split(".")[1]}`,
        forgedSecret(refreshToken),
        "'; DROP TABLE sessions; --",
      ];
      for (const token of hostile) {
        const error = await failure(client().refreshSession({ refreshToken: token }));
        expect([error.code, error.rawMessage], token.slice(0, 60)).toEqual([Code.Unauthenticated, INVALID_REFRESH_TOKEN_MESSAGE]);
      }
      expect((await client().refreshSession({ refreshToken })).refreshToken).toMatch(REFRESH_TOKEN);
    });

    it("when a family is revoked, then its token is refused, and revoking again (or an unknown well-formed token) still succeeds", async () => {
      const { refreshToken } = await signUp();
      await client().revokeSession({ refreshToken });
      expect((await failure(client().refreshSession({ refreshToken }))).code).toBe(Code.Unauthenticated);
      await client().revokeSession({ refreshToken });
      await client().revokeSession({ refreshToken: `${newId()}.${"b".repeat(43)}` });
    });

    it("when RevokeSession gets a forged secret for a real session, then it succeeds but the session lives on", async () => {
      const { refreshToken } = await signUp();
      await client().revokeSession({ refreshToken: forgedSecret(refreshToken) });
      expect((await client().refreshSession({ refreshToken })).refreshToken).toMatch(REFRESH_TOKEN);
    });

    it("when RevokeSession gets something that is not a refresh token, then INVALID_ARGUMENT names refresh_token", async () => {
      for (const refreshToken of ["", "garbage", "x".repeat(10_000), `${newId()}.short`]) {
        await expectInvalid(client().revokeSession({ refreshToken }), ["refresh_token"]);
      }
    });
  });

  describe("ChangePassword", () => {
    it("when the current password is right, then the hash changes, every session of the user ends (listed) and the caller gets a new one", async () => {
      const email = freshEmail();
      const { user, session: first, refreshToken: firstToken } = await signUp(email, "old password");
      const second = await client().signIn({ email, password: "old password", client: "mobile" });
      const other = await signUp(freshEmail(), "old password");

      const changed = await client().changePassword({ userId: user!.id, currentPassword: "old password", newPassword: "new password", client: "web" });
      expect(changed.user?.id).toBe(user!.id);
      expect([...changed.revokedSessionIds].sort()).toEqual([first!.id, second.session!.id].sort());
      expect(changed.session?.userId).toBe(user!.id);
      expect(changed.refreshToken.split(".")[0]).toBe(changed.session?.id);

      for (const token of [firstToken, second.refreshToken]) {
        expect((await failure(client().refreshSession({ refreshToken: token }))).code).toBe(Code.Unauthenticated);
      }
      expect((await client().refreshSession({ refreshToken: changed.refreshToken })).session?.id).toBe(changed.session?.id);
      expect((await client().refreshSession({ refreshToken: other.refreshToken })).session?.id).toBe(other.session?.id);
      expect((await failure(client().signIn({ email, password: "old password", client: "web" }))).code).toBe(Code.Unauthenticated);
      expect((await client().signIn({ email, password: "new password", client: "web" })).user?.id).toBe(user!.id);
    });

    it("when the current password is wrong, then UNAUTHENTICATED and the password and sessions stay", async () => {
      const email = freshEmail();
      const { user, refreshToken } = await signUp(email, "old password");
      const error = await failure(client().changePassword({ userId: user!.id, currentPassword: "not it at all", newPassword: "new password", client: "web" }));
      expect(error.code).toBe(Code.Unauthenticated);
      expect((await client().refreshSession({ refreshToken })).session?.userId).toBe(user!.id);
      expect((await client().signIn({ email, password: "old password", client: "web" })).user?.id).toBe(user!.id);
    });

    it("when its fields are bad, then INVALID_ARGUMENT names each; an unknown user is NOT_FOUND", async () => {
      await expectInvalid(client().changePassword({ userId: "nope", currentPassword: "", newPassword: "short", client: "WEB" }), [
        "user_id",
        "current_password",
        "new_password",
        "client",
      ]);
      await expectInvalid(client().changePassword({ userId: newId(), currentPassword: "p".repeat(129), newPassword: "p".repeat(129), client: "web" }), [
        "current_password",
        "new_password",
      ]);
      const unknown = await failure(client().changePassword({ userId: newId(), currentPassword: "whatever it is", newPassword: "new password", client: "web" }));
      expect(unknown.code).toBe(Code.NotFound);
    });
  });
}
