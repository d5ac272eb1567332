import { User } from './entities/user.entity.js';

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  createdAt: string;
}

/** The only shape in which a user leaves the service: never the password hash or token version. */
export function toUserView(user: User): UserView {
  return { id: user.id, email: user.email, displayName: user.displayName, createdAt: user.createdAt.toISOString() };
}
