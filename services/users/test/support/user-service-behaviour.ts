import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { toJsonString } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserResponseSchema, type UserService } from "@shop/contracts/users/v1";
import { newId } from "@shop/grpc-runtime/ids";
import { fieldViolationsOf } from "@shop/grpc-runtime";
import { describeReadMasks } from "./read-mask-behaviour.js";
import { describeSessionRpcs } from "./session-rpc-behaviour.js";

/** One running UserService, however it is hosted, and a way to peek at what it stored. */
export interface UserServiceUnderTest {
  readonly client: Client<typeof UserService>;
  /** The stored password hash of the user with this lower-cased email. */
  passwordHashOf(email: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** The error a call failed with; fails the test when the call succeeded. */
export async function failure(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Asserts INVALID_ARGUMENT naming exactly these fields. */
export async function expectInvalid(call: Promise<unknown>, fields: string[]): Promise<void> {
  const error = await failure(call);
  expect(error.code, error.message).toBe(Code.InvalidArgument);
  expect(fieldViolationsOf(error).map((v) => v.field).sort()).toEqual([...fields].sort());
}

let counter = 0;
/** A fresh, valid email for one test. */
export function freshEmail(): string {
  return `user-${process.pid}-${Date.now()}-${counter++}@example.com`;
}

/**
 * Every UserService behaviour the issue lists, run against `start()`: the in-memory routes and the
 * real service over a socket run the same story.
 */
export function describeUserServiceBehaviour(name: string, start: () => Promise<UserServiceUnderTest>): void {
  describe(name, () => {
    let service: UserServiceUnderTest;
    let client: Client<typeof UserService>;
    beforeAll(async () => {
      service = await start();
      client = service.client;
    });
    afterAll(async () => {
      await service?.stop();
    });

    const register = (email = freshEmail(), password = "a good password", displayName = "Ada Lovelace") =>
      client.createUser({ email, password, displayName });

    describe("CreateUser", () => {
      it("when a user registers, then the email is stored trimmed and lower-cased and the user can be read back", async () => {
        const email = freshEmail();
        const { user } = await register(`  ${email.toUpperCase()} `, "a good password", "  Ada  ");
        expect(user?.email).toBe(email);
        expect(user?.displayName).toBe("Ada");
        expect(user?.avatarUrl).toBe("");
        expect(user?.createTime).toEqual(user?.updateTime);
        const read = await client.getUser({ id: user!.id });
        expect(read.user).toEqual(user);
      });

      it("when the email is taken in another case, then ALREADY_EXISTS and no second user", async () => {
        const email = freshEmail();
        const first = await register(email);
        const error = await failure(register(email.replace("user", "USER")));
        expect(error.code).toBe(Code.AlreadyExists);
        const verified = await client.verifyCredentials({ email, password: "a good password" });
        expect(verified.user?.id).toBe(first.user?.id);
      });

      it("when ten registrations of one email race, then exactly one succeeds and the others get ALREADY_EXISTS", async () => {
        const email = freshEmail();
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => register(i % 2 === 0 ? email : email.toUpperCase(), `password number ${i}`)),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.flatMap((r) => (r.status === "rejected" ? [ConnectError.from(r.reason).code] : []));
        expect(won).toHaveLength(1);
        expect(lost).toEqual(Array(9).fill(Code.AlreadyExists));
      });

      it("when a user is created, then neither the password nor its hash is in the answer, and the stored hash is salted Argon2id", async () => {
        const email = freshEmail();
        const response = await register(email, "s3cret-Passw0rd");
        const json = toJsonString(CreateUserResponseSchema, response);
        expect(json).not.toContain("s3cret");
        expect(json).not.toContain("argon2");
        const stored = await service.passwordHashOf(email);
        expect(stored).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
        expect(stored).not.toContain("s3cret");
      });

      it("when a name holds unicode and emoji, then it is kept as given", async () => {
        const { user } = await register(freshEmail(), "a good password", "Zoë 李 😀");
        expect(user?.displayName).toBe("Zoë 李 😀");
      });

      it("when every field is bad, then INVALID_ARGUMENT names each of them and nothing is stored", async () => {
        const email = `${"x".repeat(300)}@example.com`;
        await expectInvalid(client.createUser({ email, displayName: " ", password: "short" }), ["email", "display_name", "password"]);
        await expectInvalid(client.createUser({ email: "", displayName: "", password: "" }), ["email", "display_name", "password"]);
        expect(await service.passwordHashOf(email)).toBeUndefined();
      });

      it.each([
        ["a malformed email", { email: "not-an-email" }, "email"],
        ["a unicode email", { email: "zoë@example.com" }, "email"],
        ["a 10,000-character email", { email: `${"a".repeat(10_000)}@example.com` }, "email"],
        ["a 101-character name", { displayName: "n".repeat(101) }, "display_name"],
        ["a name with NUL", { displayName: "bad\u0000name" }, "display_name"],
        ["a 7-character password", { password: "1234567" }, "password"],
        ["a 129-character password", { password: "p".repeat(129) }, "password"],
        ["a 100,000-character password", { password: "p".repeat(100_000) }, "password"],
      ])("when the request has %s, then INVALID_ARGUMENT names that field", async (_, override, field) => {
        const request = { email: freshEmail(), displayName: "Valid Name", password: "valid password", ...override };
        await expectInvalid(client.createUser(request), [field]);
      });
    });

    describe("VerifyCredentials", () => {
      it("when the email (in any case) and password are right, then the user is returned", async () => {
        const email = freshEmail();
        const { user } = await register(email, "right password");
        const verified = await client.verifyCredentials({ email: ` ${email.toUpperCase()} `, password: "right password" });
        expect(verified.user).toEqual(user);
      });

      it("when the password is wrong or the email unknown, then UNAUTHENTICATED with the same message", async () => {
        const email = freshEmail();
        await register(email, "right password");
        const wrong = await failure(client.verifyCredentials({ email, password: "wrong password" }));
        const unknown = await failure(client.verifyCredentials({ email: freshEmail(), password: "right password" }));
        const malformed = await failure(client.verifyCredentials({ email: "not an email", password: "right password" }));
        for (const error of [wrong, unknown, malformed]) expect(error.code).toBe(Code.Unauthenticated);
        expect(unknown.rawMessage).toBe(wrong.rawMessage);
        expect(malformed.rawMessage).toBe(wrong.rawMessage);
        expect(wrong.details).toEqual(unknown.details);
      });

      it("when the email or password is missing or oversized, then INVALID_ARGUMENT names it", async () => {
        await expectInvalid(client.verifyCredentials({ email: "", password: "" }), ["email", "password"]);
        await expectInvalid(client.verifyCredentials({ email: `${"a".repeat(300)}@x.com`, password: "p".repeat(129) }), ["email", "password"]);
      });
    });

    describe("GetUser and BatchGetUsers", () => {
      it("when the id is empty, malformed or not a v7 UUID, then INVALID_ARGUMENT on id", async () => {
        for (const id of ["", "nope", "0190F5B4-7C2A-7000-8000-000000000001", "0190f5b4-7c2a-4000-8000-000000000001", "'; drop table users; --"]) {
          await expectInvalid(client.getUser({ id }), ["id"]);
        }
      });

      it("when no user has the id, then NOT_FOUND", async () => {
        expect((await failure(client.getUser({ id: newId() }))).code).toBe(Code.NotFound);
      });

      it("when a batch mixes found, missing and repeated ids, then users come once in request order and missing ids in request order", async () => {
        const a = (await register()).user!;
        const b = (await register()).user!;
        const missing1 = newId();
        const missing2 = newId();
        const response = await client.batchGetUsers({ ids: [b.id, missing2, a.id, b.id, missing1, missing2] });
        expect(response.users.map((u) => u.id)).toEqual([b.id, a.id]);
        expect(response.users[0]).toEqual(b);
        expect(response.missingIds).toEqual([missing2, missing1]);
      });

      it("when a batch holds 500 ids, then it is answered; 0 or 501 ids, or a malformed one, are INVALID_ARGUMENT", async () => {
        const ids = Array.from({ length: 500 }, () => newId());
        expect((await client.batchGetUsers({ ids })).missingIds).toHaveLength(500);
        await expectInvalid(client.batchGetUsers({ ids: [] }), ["ids"]);
        await expectInvalid(client.batchGetUsers({ ids: [...ids, newId()] }), ["ids"]);
        await expectInvalid(client.batchGetUsers({ ids: [newId(), "bad", newId(), ""] }), ["ids[1]", "ids[3]"]);
      });
    });

    describe("UpdateUser", () => {
      it("when only the display name is set, then only it changes and update_time moves", async () => {
        const created = (await register()).user!;
        await new Promise((resolve) => setTimeout(resolve, 5));
        const { user } = await client.updateUser({ id: created.id, displayName: "  Grace Hopper " });
        expect(user).toMatchObject({ id: created.id, email: created.email, displayName: "Grace Hopper", avatarUrl: "" });
        expect(user?.createTime).toEqual(created.createTime);
        expect(user?.updateTime).not.toEqual(created.updateTime);
      });

      it("when an avatar is set, then its thumbnail is derived; when it is set to empty, then both are removed", async () => {
        const created = (await register(freshEmail(), "a good password", "Pic")).user!;
        const set = await client.updateUser({ id: created.id, avatarUrl: "https://img.example/me/face.png" });
        expect(set.user).toMatchObject({
          displayName: "Pic",
          avatarUrl: "https://img.example/me/face.png",
          avatarThumbnailUrl: "https://img.example/me/face-64.png",
        });
        const removed = await client.updateUser({ id: created.id, avatarUrl: "" });
        expect(removed.user).toMatchObject({ displayName: "Pic", avatarUrl: "", avatarThumbnailUrl: "" });
        expect((await client.getUser({ id: created.id })).user).toEqual(removed.user);
      });

      it("when nothing is set, then the user comes back unchanged", async () => {
        const created = (await register()).user!;
        expect((await client.updateUser({ id: created.id })).user).toEqual(created);
      });

      it("when the id is unknown, then NOT_FOUND", async () => {
        expect((await failure(client.updateUser({ id: newId(), displayName: "x" }))).code).toBe(Code.NotFound);
      });

      it("when one field is bad, then INVALID_ARGUMENT and the good field is not written either", async () => {
        const created = (await register()).user!;
        await expectInvalid(client.updateUser({ id: created.id, displayName: "Fine", avatarUrl: "ftp://x/y.png" }), ["avatar_url"]);
        await expectInvalid(client.updateUser({ id: created.id, displayName: "", avatarUrl: "https://x.example/a.png" }), ["display_name"]);
        await expectInvalid(client.updateUser({ id: "bad", displayName: "x".repeat(101), avatarUrl: `https://x.example/${"a".repeat(2048)}` }), [
          "id",
          "display_name",
          "avatar_url",
        ]);
        expect((await client.getUser({ id: created.id })).user).toEqual(created);
      });
    });

    describeReadMasks(() => client);
    describeSessionRpcs(() => client);
  });
}
