import { InvalidInputError, UnauthenticatedError } from "@shop/service-host";
import { newId } from "@shop/grpc-runtime/ids";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { changePassword } from "../../src/change-password.js";
import type { SessionRepository } from "../../src/data/session-repository.js";
import type { UserRepository } from "../../src/data/user-repository.js";
import type { UsersDependencies } from "../../src/dependencies.js";
import { createPasswordHasher } from "../../src/domain/password-hasher.js";
import type { SessionPolicy } from "../../src/domain/session-lifetime.js";
import { newSession } from "../../src/new-session.js";
import { INVALID_REFRESH_TOKEN_MESSAGE, refreshSession } from "../../src/refresh-session.js";
import { revokeSession } from "../../src/revoke-session.js";
import type { SessionGrant } from "../../src/session.js";
import { signIn } from "../../src/sign-in.js";
import { signUp } from "../../src/sign-up.js";
import { verifyCredentials } from "../../src/verify-credentials.js";
import { TEST_PASSWORD_PARAMS } from "./in-memory-users.js";
import { legacyScryptHash } from "./legacy-scrypt-hash.js";

/** Repositories to tell the stories against, however they store. */
export interface SessionStores {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  close(): Promise<void>;
}

const MINUTE = 60_000;
/** Short lifetimes keep the clock arithmetic readable: one hour idle, three hours at most. */
const POLICY: SessionPolicy = { idleSeconds: 3_600, maxSeconds: 3 * 3_600 };
const PRIVILEGED = { kind: "privileged", caller: "test" } as const;

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a result");
}

/** Asserts the one generic UNAUTHENTICATED answer of RefreshSession. */
async function expectRefused(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect((error as Error).message).toBe(INVALID_REFRESH_TOKEN_MESSAGE);
}

/**
 * The session stories of issue 12 at the use-case level, on `open()`'s repositories (in memory,
 * PGlite, PostgreSQL): rotation, reuse, expiry on the test's own clock, revocation, password
 * change, concurrent refreshes, hostile tokens and the scrypt → Argon2id migration. No transport:
 * the use cases are called directly. `open` returns `{ skip }` when its database is missing.
 */
export function describeSessionStories(name: string, open: () => Promise<SessionStores | { readonly skip: string }>): void {
  describe(name, () => {
    let stores: SessionStores | undefined;
    let skip: string | undefined;
    let clock = Date.UTC(2026, 0, 1);
    let deps: UsersDependencies;

    beforeAll(async () => {
      const opened = await open();
      if ("skip" in opened) skip = opened.skip;
      else stores = opened;
    }, 120_000);
    afterAll(async () => {
      await stores?.close();
    });
    beforeEach((context) => {
      if (stores === undefined) {
        context.skip(skip ?? "no store");
        return;
      }
      clock = Date.UTC(2026, 0, 1);
      deps = {
        users: stores.users,
        sessions: stores.sessions,
        passwords: createPasswordHasher(TEST_PASSWORD_PARAMS),
        sessionPolicy: POLICY,
        now: () => new Date(clock),
        newId: () => newId(),
      };
    });

    const advance = (ms: number) => {
      clock += ms;
    };
    const newUser = (password = "a good password") =>
      signUp(deps, { email: `${newId()}@example.com`, displayName: "Story", password, client: "web" });

    it("when a session is refreshed within its idle time, then its id stays, its idle expiry moves but never past the absolute one", async () => {
      const first = await newUser();
      const started = clock;
      expect(first.session.refreshExpiresAt.getTime()).toBe(started + 60 * MINUTE);
      expect(first.session.expiresAt.getTime()).toBe(started + 180 * MINUTE);

      advance(50 * MINUTE);
      const second = await refreshSession(deps, first.refreshToken);
      expect(second.session.id).toBe(first.session.id);
      expect(second.session.refreshExpiresAt.getTime()).toBe(clock + 60 * MINUTE);
      expect(second.session.expiresAt).toEqual(first.session.expiresAt);

      advance(50 * MINUTE);
      const third = await refreshSession(deps, second.refreshToken);
      advance(50 * MINUTE);
      const fourth = await refreshSession(deps, third.refreshToken);
      expect(fourth.session.refreshExpiresAt.getTime()).toBe(started + 180 * MINUTE);
    });

    it("when a token is left unused past its idle expiry, then it is refused; just before, it works", async () => {
      const early = await newUser();
      const late = await newUser();
      advance(60 * MINUTE - 1);
      await refreshSession(deps, early.refreshToken);
      advance(1);
      await expectRefused(refreshSession(deps, late.refreshToken));
    });

    it("when a session is refreshed on time until its absolute expiry, then the next refresh is refused", async () => {
      let grant: SessionGrant = await newUser();
      for (let i = 0; i < 3; i++) {
        advance(59 * MINUTE);
        grant = await refreshSession(deps, grant.refreshToken);
      }
      advance(3 * MINUTE);
      await expectRefused(refreshSession(deps, grant.refreshToken));
    });

    it("when a spent token is presented again, then the whole family is revoked (its newest token too) and the user's other family lives on", async () => {
      const first = await newUser();
      const other = await signIn(deps, { email: first.user.email, password: "a good password", client: "mobile" });
      const second = await refreshSession(deps, first.refreshToken);
      const third = await refreshSession(deps, second.refreshToken);

      await expectRefused(refreshSession(deps, first.refreshToken));
      expect((await deps.sessions.findById(first.session.id))?.revokedAt).toEqual(new Date(clock));
      await expectRefused(refreshSession(deps, third.refreshToken));
      expect((await refreshSession(deps, other.refreshToken)).session.id).toBe(other.session.id);
    });

    it("when ten refreshes of one token race, then exactly one wins, and the losers' reuse revokes the family", async () => {
      const { session, refreshToken } = await newUser();
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => refreshSession(deps, refreshToken)));
      const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const reason of lost) expect(reason).toBeInstanceOf(UnauthenticatedError);
      expect((await deps.sessions.findById(session.id))?.revokedAt).not.toBeNull();
      await expectRefused(refreshSession(deps, won[0]!.refreshToken));
    });

    it("when a family is revoked with its current or a spent token, then it ends; a forged secret or an unknown id changes nothing", async () => {
      const current = await newUser();
      await revokeSession(deps, current.refreshToken);
      await expectRefused(refreshSession(deps, current.refreshToken));

      const spentOne = await newUser();
      const next = await refreshSession(deps, spentOne.refreshToken);
      await revokeSession(deps, spentOne.refreshToken);
      await expectRefused(refreshSession(deps, next.refreshToken));

      const kept = await newUser();
      await revokeSession(deps, `${kept.session.id}.${"Z".repeat(43)}`);
      await revokeSession(deps, `${newId()}.${"Z".repeat(43)}`);
      expect((await deps.sessions.findById(kept.session.id))?.revokedAt).toBeNull();
      expect(await revokeSession(deps, current.refreshToken)).toBeUndefined();
    });

    it("when a hostile token is presented, then refresh is refused and revoke is InvalidInputError, both before any storage call", async () => {
      const calls: string[] = [];
      const watched = new Proxy(deps.sessions, {
        get: (target, property, receiver) => {
          calls.push(String(property));
          return Reflect.get(target, property, receiver);
        },
      });
      const hostile = ["", "x".repeat(129), "x".repeat(1_000_000), "not-a-uuid.secret", `${newId().toUpperCase()}.${"a".repeat(43)}`, `${newId()}.${"a".repeat(44)}`, `${newId()}.${"+".repeat(43)}`];
      for (const token of hostile) {
        await expectRefused(refreshSession({ ...deps, sessions: watched }, token));
        const invalid = await rejection(revokeSession({ ...deps, sessions: watched }, token));
        expect(invalid).toBeInstanceOf(InvalidInputError);
        expect((invalid as InvalidInputError).violations.map((v) => v.field)).toEqual(["refresh_token"]);
      }
      expect(calls).toEqual([]);
    });

    it("when the password changes, then every live session of the user is revoked and listed, the caller's new one works, others' sessions stay", async () => {
      const stale = await newUser("old password");
      const email = stale.user.email;
      advance(61 * MINUTE); // `stale` is idle-expired now: nothing to revoke
      const a = await signIn(deps, { email, password: "old password", client: "web" });
      const b = await signIn(deps, { email, password: "old password", client: "mobile" });
      const ended = await signIn(deps, { email, password: "old password", client: "web" });
      await revokeSession(deps, ended.refreshToken);
      const stranger = await newUser("old password");

      const changed = await changePassword(deps, { kind: "user", userId: a.user.id }, {
        userId: a.user.id,
        currentPassword: "old password",
        newPassword: "new password",
        client: "web",
      });
      expect([...changed.revokedSessionIds].sort()).toEqual([a.session.id, b.session.id].sort());
      expect(changed.user.updatedAt).toEqual(new Date(clock));
      for (const token of [a.refreshToken, b.refreshToken]) await expectRefused(refreshSession(deps, token));
      expect((await refreshSession(deps, changed.refreshToken)).session.id).toBe(changed.session.id);
      expect((await refreshSession(deps, stranger.refreshToken)).session.id).toBe(stranger.session.id);
      expect(await rejection(signIn(deps, { email, password: "old password", client: "web" }))).toBeInstanceOf(UnauthenticatedError);
      expect((await signIn(deps, { email, password: "new password", client: "web" })).user.id).toBe(a.user.id);
    });

    it("when a sign-in would store its session after the password changed under it, then no session is stored", async () => {
      const { user } = await newUser();
      const stored = await deps.users.findById(user.id);
      const { stored: session } = newSession(deps, user.id, "web", new Date(clock));
      expect(await deps.sessions.insertIfPassword(session, `${stored!.passwordHash}-changed`)).toBe(false);
      expect(await deps.sessions.findById(session.id)).toBeUndefined();
      expect(await deps.sessions.insertIfPassword(session, stored!.passwordHash)).toBe(true);
      expect((await deps.sessions.findById(session.id))?.userId).toBe(user.id);
    });

    it("when a user stored with a legacy scrypt hash signs in, then the stored hash becomes Argon2id and old and new checks behave", async () => {
      const id = newId();
      const email = `${id}@example.com`;
      const at = new Date(clock);
      const passwordHash = await legacyScryptHash("from the scrypt days");
      await deps.users.insert({ id, email, displayName: "Legacy", passwordHash, avatarUrl: "", avatarThumbnailUrl: "", createdAt: at, updatedAt: at });

      expect(await rejection(signIn(deps, { email, password: "wrong password", client: "web" }))).toBeInstanceOf(UnauthenticatedError);
      expect((await deps.users.findById(id))?.passwordHash).toBe(passwordHash);

      advance(MINUTE);
      const { session } = await signIn(deps, { email, password: "from the scrypt days", client: "web" });
      const migrated = await deps.users.findById(id);
      expect(migrated?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
      expect(migrated?.updatedAt).toEqual(at);
      expect(deps.passwords.needsRehash(migrated!.passwordHash)).toBe(false);
      expect(session.userId).toBe(id);
      expect((await verifyCredentials(deps, { email, password: "from the scrypt days" })).id).toBe(id);
      expect(await rejection(verifyCredentials(deps, { email, password: "wrong password" }))).toBeInstanceOf(UnauthenticatedError);
    });

    it("when a user with a legacy scrypt hash is verified (VerifyCredentials), then the hash is replaced too", async () => {
      const id = newId();
      const email = `${id}@example.com`;
      const at = new Date(clock);
      await deps.users.insert({ id, email, displayName: "Legacy", passwordHash: await legacyScryptHash("old style pass"), avatarUrl: "", avatarThumbnailUrl: "", createdAt: at, updatedAt: at });
      await verifyCredentials(deps, { email, password: "old style pass" });
      expect((await deps.users.findById(id))?.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it("when a privileged caller changes a user's password, then it is allowed", async () => {
      const { user } = await newUser("old password");
      const changed = await changePassword(deps, PRIVILEGED, { userId: user.id, currentPassword: "old password", newPassword: "new password", client: "jobs" });
      expect(changed.session.userId).toBe(user.id);
    });
  });
}
