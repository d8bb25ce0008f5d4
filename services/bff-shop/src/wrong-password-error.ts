/**
 * A password change was refused because the current password given is not the account's; nothing
 * was changed and every session stays as it was. Both BFFs return it as the `WrongPasswordError`
 * member of `ChangePasswordResult`.
 */
export class WrongPasswordError extends Error {
  constructor() {
    super("The current password is not correct.");
    this.name = "WrongPasswordError";
  }
}
