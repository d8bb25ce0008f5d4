import { defineAccountSchema } from "@shop/bff-shop/schema";
import { builder } from "../builder.js";
import "./invalid-input-error.js";
import "./login-payload.js";
import "./session.js";
import "./user.js";

/**
 * The account mutations in the web client's words (definitions shared with bff-mobile, logic in
 * `@shop/bff-shop`): `signUp` → `SignUpResult`, `login` → `LoginPayload`, `refreshSession` →
 * `Session`, `logout`, `changePassword` → `ChangePasswordResult`, `updateProfile` → `UpdateProfileResult`.
 */
defineAccountSchema(builder, {
  client: "web",
  displayNameField: "displayName",
  nullableSessionMutations: false,
  descriptions: {
    login: "Signs in with email and password. UNAUTHENTICATED, with one message, for any wrong pair; RATE_LIMITED after too many failures.",
    refreshSession:
      "Trades a refresh token for a new session (new access and refresh tokens; the one sent stops working). UNAUTHENTICATED when it is unknown, expired, ended or already used (reusing a used one ends its session).",
    logout:
      "Ends the session of the refresh token, and the access token sent with the request if any. True also when the session had already ended, so it can be retried.",
    changePassword:
      "Changes the signed-in user's password and ends every session of the user (on every device), this one included: use the new session returned. Wrong current passwords count as failed logins (RATE_LIMITED after too many).",
    signUp: {
      mutation: "Creates an account and signs it in. A taken email and refused input come back as typed results; too many attempts are RATE_LIMITED.",
      email: "A valid address of at most 254 characters; unique without regard to case.",
      displayName: "1 to 100 characters after trimming.",
    },
    updateProfile: {
      mutation: "Changes the signed-in user's display name and avatar. Refused input comes back as a typed result.",
      input: "The fields to change; a field left out (or null) stays as it is.",
      displayName: "1 to 100 characters after trimming.",
      avatarUrl: "An absolute http(s) URL of at most 2048 characters; empty removes the avatar.",
    },
  },
});
