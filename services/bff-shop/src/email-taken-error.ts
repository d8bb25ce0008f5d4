/**
 * Sign-up was refused because an account with this email exists (emails are compared without
 * regard to case); nothing was created. Both BFFs return it as the `EmailTakenError` member of
 * `SignUpResult`.
 */
export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists: sign in instead.");
    this.name = "EmailTakenError";
  }
}
