/** The `Retry-After` header of a 429 or 503, as the OpenAPI document describes it (API and OAuth bodies alike). */
export const RETRY_AFTER_HEADER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };
