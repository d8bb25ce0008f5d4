import type { User } from "@shop/platform/contracts/users/v1";
import { builder } from "../builder.js";

/** A user as the app shows them: a name and a small avatar. */
export const UserRef = builder.objectRef<User>("User").implement({
  description: "A user, as the app shows them.",
  fields: (t) => ({
    name: t.exposeString("displayName"),
    avatarThumbnailUrl: t.string({
      description: "Small square avatar; null when the user has none.",
      nullable: true,
      resolve: (user) => user.avatarThumbnailUrl || null,
    }),
  }),
});
