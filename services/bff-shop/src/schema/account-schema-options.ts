import type { DisplayNameField } from "./display-name-spelling.js";

/**
 * How one BFF words and spells its account mutations; what they do, their arguments, results and
 * errors are the same in every BFF.
 */
export interface AccountSchemaOptions {
  /** The client its sessions are started for ("web", "mobile"). */
  readonly client: string;
  /** The input field that carries a user's display name (refusals name it the same way). */
  readonly displayNameField: DisplayNameField;
  /** Whether `login`, `refreshSession` and `logout` are nullable (an error then nulls only the field). */
  readonly nullableSessionMutations: boolean;
  /** The BFF's descriptions of the mutations and inputs. */
  readonly descriptions: AccountDescriptions;
}

/** The descriptions an {@link AccountSchemaOptions} gives, by mutation. */
export interface AccountDescriptions {
  readonly login: string;
  readonly refreshSession: string;
  readonly logout: string;
  readonly changePassword: string;
  /** The mutation and `SignUpInput`'s email and display name fields. */
  readonly signUp: { readonly mutation: string; readonly email: string; readonly displayName: string };
  /** The mutation, `UpdateProfileInput`, and its display name and avatar URL fields. */
  readonly updateProfile: { readonly mutation: string; readonly input: string; readonly displayName: string; readonly avatarUrl: string };
}
