export { AuthClientError, createAuthClient } from './auth-client.js';
export type { AuthClient } from './auth-client.js';
export { attachAxios } from './axios.js';
export { memoryStorage, webStorage } from './storage.js';
export type { AuthClientOptions, AuthEvents, SignOutReason, StoredSession, TokenStorage } from './types.js';
