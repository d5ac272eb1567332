/**
 * Injection token for a `ThrottlerStorage` (the @nestjs/throttler storage contract). Our own token: the
 * package's runtime entry is CommonJS requiring ESM-only Nest 12, which jest's ESM runtime cannot load,
 * so only its types are imported. Provide a Redis-backed ThrottlerStorage here to share limits.
 */
export const THROTTLER_STORAGE = Symbol('ThrottlerStorage');
