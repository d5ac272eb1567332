/** The authenticated caller, as the guard establishes it for one request. */
export interface Principal {
  userId: string;
  sessionId: string;
}
