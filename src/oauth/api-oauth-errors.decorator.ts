import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiOwnErrorShape } from '../common/openapi/api-own-error-shape.decorator.js';
import { RETRY_AFTER_HEADER } from '../common/openapi/retry-after-header.js';
import type { OAuthErrorCode } from './oauth-error.js';
import { OAuthErrorBody } from './schemas/oauth-error-body.schema.js';

const BASIC_CHALLENGE = {
  'WWW-Authenticate': { description: 'RFC 7617 challenge: `Basic realm="autorenew"`.', schema: { type: 'string' } },
};

/** What every OAuth endpoint can answer whatever its parameters (the mapping lives in toOAuthError). */
const COMMON: Record<number, OAuthErrorCode[]> = {
  401: ['invalid_client'],
  413: ['invalid_request'],
  415: ['invalid_request'],
  429: ['temporarily_unavailable'],
  500: ['server_error'],
  503: ['temporarily_unavailable'],
};

/**
 * An OAuth endpoint's errors in the RFC 6749 §5.2 shape (`{error, error_description}`), per status: the
 * route's own 400 codes plus what every OAuth endpoint answers. Marks the route as having its own error
 * shape, so the API's error body is not added to it.
 */
export const ApiOAuthErrors = (badRequest: OAuthErrorCode[]) =>
  applyDecorators(
    ApiOwnErrorShape(),
    ApiExtraModels(OAuthErrorBody),
    ...Object.entries({ 400: badRequest, ...COMMON }).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        description: `RFC 6749 §5.2 error: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
        headers: status === '401' ? BASIC_CHALLENGE : status === '429' || status === '503' ? RETRY_AFTER_HEADER : undefined,
        schema: { allOf: [{ $ref: getSchemaPath(OAuthErrorBody) }, { type: 'object', properties: { error: { enum: codes } } }] },
      }),
    ),
  );
