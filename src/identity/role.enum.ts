/** A user's role; part of the shared vocabulary because the principal and `@Roles()` speak it. */
export enum Role {
  User = 'user',
  Admin = 'admin',
}
