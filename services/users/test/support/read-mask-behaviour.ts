import { create } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { UserSchema, type UserService } from "@shop/contracts/users/v1";
import { newId } from "@shop/grpc-runtime/ids";
import { invalidArgumentFields } from "@shop/grpc-runtime/testing";
import { describe, expect, it } from "vitest";

/**
 * The read masks of UserService (AIP-157), run by the behaviour suite against every host: in
 * memory, where the repository ignores the mask and the handler trims, and on PGlite and
 * PostgreSQL, where the repository reads only the selected columns.
 */
export function describeReadMasks(client: () => Client<typeof UserService>): void {
  describe("read masks", () => {
    const register = async () =>
      (await client().createUser({ email: `${newId()}@example.com`, password: "a good password", displayName: "Grace Hopper" })).user!;

    it("when BatchGetUsers asks for display_name and avatar_thumbnail_url, then each user holds its id and those two only", async () => {
      const users = [await register(), await register()];
      await client().updateUser({ id: users[0]!.id, avatarUrl: "https://img.example/avatars/g.png" });
      const ids = users.map((u) => u.id);
      const whole = await client().batchGetUsers({ ids });
      const masked = await client().batchGetUsers({ ids, readMask: { paths: ["display_name", "avatar_thumbnail_url"] } });
      expect(masked.users).toEqual(
        whole.users.map((u) => create(UserSchema, { id: u.id, displayName: u.displayName, avatarThumbnailUrl: u.avatarThumbnailUrl })),
      );
      expect(masked.users[0]?.avatarThumbnailUrl).toBe("https://img.example/avatars/g-64.png");
    });

    it("when GetUser has an empty read mask, then every field comes back exactly as without one", async () => {
      const { id } = await register();
      const { user } = await client().getUser({ id, readMask: { paths: [] } });
      expect(user).toEqual((await client().getUser({ id })).user);
      expect(user?.email).not.toBe("");
    });

    it("when read masks name unknown paths, then INVALID_ARGUMENT names each of them beside the request's other bad fields", async () => {
      const paths = ["email", "password_hash", "displayName", "id"];
      expect(await invalidArgumentFields(client().getUser({ id: "nope", readMask: { paths } }))).toEqual([
        "id",
        "read_mask.paths[1]",
        "read_mask.paths[2]",
      ]);
      const batch = client().batchGetUsers({ ids: [newId(), "bad"], readMask: { paths: ["name"] } });
      expect(await invalidArgumentFields(batch)).toEqual(["ids[1]", "read_mask.paths[0]"]);
    });
  });
}
