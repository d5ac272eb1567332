import { SetMetadata } from '@nestjs/common';
import type { AutorenewRole } from './autorenew-principal.js';

export const AUTORENEW_ROLES_KEY = 'autorenew:roles';

/** Restricts a route or controller to callers holding one of the roles (403 FORBIDDEN otherwise). */
export const Roles = (...roles: AutorenewRole[]) => SetMetadata(AUTORENEW_ROLES_KEY, roles);
