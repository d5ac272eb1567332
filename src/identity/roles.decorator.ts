import { SetMetadata } from '@nestjs/common';
import { Role } from './role.enum.js';

export const ROLES_KEY = 'roles';

/** Restricts a route or controller to callers holding one of the roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
