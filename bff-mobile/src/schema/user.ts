import type { BffContext } from "@shop/bff-kit";
import type { User } from "@shop/contracts/users/v1";
import { builder } from "../builder.js";

/** A user as the app shows them: a name and a small avatar. Loadable by id (BatchGetUsers). */
export const UserRef = builder.loadableObjectRef("User", {
  // A missing id answers null (at run time; the plugin's type has no room for it).
  load: (ids: string[], ctx: BffContext) => ctx.loaders.users.loadMany(ids) as Promise<(User | Error)[]>,
});

UserRef.implement({
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
