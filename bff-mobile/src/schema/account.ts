import { defineAccountSchema } from "@shop/bff-shop/schema";
import { builder } from "../builder.js";
import "./invalid-input-error.js";
import "./login-payload.js";
import "./session.js";
import "./user.js";

/**
 * The account mutations in the app's words (definitions shared with bff-web, logic in
 * `@shop/bff-shop`): `signUp` → `SignUpResult`, `login` → `LoginPayload`, `refreshSession` →
 * `Session`, `logout`, `changePassword` → `ChangePasswordResult`, `updateProfile` → `UpdateProfileResult`.
 * The app calls the display name `name`, refusals included ("input.name"); its session mutations
 * are nullable.
 */
defineAccountSchema(builder, {
  client: "mobile",
  displayNameField: "name",
  nullableSessionMutations: true,
  descriptions: {
    login: "Signs in; a wrong email or password is UNAUTHENTICATED (the same answer for both); RATE_LIMITED after too many failures.",
    refreshSession:
      "A new session for a refresh token (which stops working). UNAUTHENTICATED when it is unknown, expired, ended or already used: log in again.",
    logout: "Ends the refresh token's session and the access token sent with it. True also when it had already ended.",
    changePassword: "Changes the password and signs out every device, this one included: continue with the session returned. Requires a token.",
    signUp: {
      mutation: "Creates an account and signs it in. Too many attempts are RATE_LIMITED.",
      email: "At most 254 characters.",
      displayName: "Display name, 1 to 100 characters.",
    },
    updateProfile: {
      mutation: "Changes the signed-in user's name and avatar. Requires a token.",
      input: "What to change; a field left out (or null) stays as it is.",
      displayName: "Display name, 1 to 100 characters.",
      avatarUrl: "An absolute http(s) URL; empty removes the avatar.",
    },
  },
});
