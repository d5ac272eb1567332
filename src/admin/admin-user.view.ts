import { Role } from '../identity/role.enum.js';
import { User } from '../users/entities/user.entity.js';

export interface AdminUserView {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export function toAdminUserView(user: User): AdminUserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
