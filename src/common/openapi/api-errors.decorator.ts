import 'reflect-metadata';
import { ERROR_CATALOG } from '../errors/error-catalog.js';
import { ErrorCode } from '../errors/error-code.enum.js';

export const API_ERRORS_KEY = 'autorenew:api-errors';

/** A code this route answers with another status than its catalog one (DomainError's `status` option). */
export interface ApiErrorAtStatus {
  code: ErrorCode;
  status: number;
}

export type ApiError = ErrorCode | ApiErrorAtStatus;

/**
 * The error codes a route (or every route of a controller) answers besides those the OpenAPI document
 * derives from the route itself: the access-token 401s of a protected route, 403 for `@Roles()`, the
 * 400/413/415 of a request body, the 503 of an outage (src/openapi/route-errors.ts). The document
 * renders each status once, with the one error body, the codes as an enum and an example per code, the
 * status and message taken from ERROR_CATALOG, so none of it is written twice.
 */
export function ApiErrors(...errors: ApiError[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value ?? target) as object;
    const declared = (Reflect.getMetadata(API_ERRORS_KEY, holder) ?? []) as ApiError[];
    Reflect.defineMetadata(API_ERRORS_KEY, [...declared, ...errors], holder);
  };
}

/** The codes declared with `@ApiErrors` on a handler and on its controller. */
export function declaredApiErrors(controller: object, handler: object): ApiErrorAtStatus[] {
  const declared = [
    ...((Reflect.getMetadata(API_ERRORS_KEY, controller) ?? []) as ApiError[]),
    ...((Reflect.getMetadata(API_ERRORS_KEY, handler) ?? []) as ApiError[]),
  ];
  return declared.map((error) => (typeof error === 'string' ? { code: error, status: ERROR_CATALOG[error].status } : error));
}
