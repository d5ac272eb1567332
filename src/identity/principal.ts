import type { Role } from './role.enum.js';

/** The authenticated caller, as the guard establishes it for one request. */
export interface Principal {
  userId: string;
  sessionId: string;
  /** Read fresh from the database on each request, so a demotion takes effect at once. */
  role: Role;
}
