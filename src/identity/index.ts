/**
 * Identity: the vocabulary every feature uses to talk about *who is calling* — the authenticated
 * `Principal` and its `Role`, the `@Public()`, `@Roles()` and `@CurrentUser()` route decorators (with the
 * metadata keys the global guards read), and the client details (`@Client()` address and User-Agent,
 * `@RequestOrigin()`) recorded on sessions and security events.
 *
 * Named for what it describes rather than for the feature that enforces it (`auth/` holds the guards,
 * strategies and tokens). It is a leaf: it imports only @nestjs/*, node and `src/common`, so users,
 * sessions, admin, activity, oauth… depend on it and never on `auth/`. Generic HTTP helpers that say
 * nothing about the caller (`@Cookie()`, `@NoStore()`) stay in `src/common/decorators/`.
 * identity.boundaries.spec.ts keeps it a leaf.
 */
export { Client, type ClientInfo } from './client-info.decorator.js';
export { CurrentUser } from './current-user.decorator.js';
export type { Principal } from './principal.js';
export { IS_PUBLIC_KEY, Public } from './public.decorator.js';
export { RequestOrigin } from './request-origin.decorator.js';
export { Role } from './role.enum.js';
export { ROLES_KEY, Roles } from './roles.decorator.js';
