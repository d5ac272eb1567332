/** The service's roles; a string so a role added there later does not break the type here. */
export type AutorenewRole = 'user' | 'admin' | (string & {});

/** The authenticated caller, the same shape as the service's own principal. */
export interface AutorenewPrincipal {
  userId: string;
  sessionId: string;
  /** As the service answered it at introspection, so a demotion takes effect with the next answer. */
  role: AutorenewRole;
}
