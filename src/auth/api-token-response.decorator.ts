import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { SET_COOKIE_HEADER } from './cookies/api-cookie-mode.js';
import { CookieModeTokenResponse, TokenResponse } from './token-response.js';

/**
 * A 200 token response in either mode: `bodyMode` (the refresh token in the body), or cookie mode, where
 * the refresh token is set as the HttpOnly cookie and left out of the body. The Cache-Control and Pragma
 * headers come from @NoStore() (the document reads them from the route).
 */
export const ApiTokenResponse = (bodyMode: typeof TokenResponse = TokenResponse) =>
  applyDecorators(
    ApiExtraModels(bodyMode, CookieModeTokenResponse),
    ApiOkResponse({
      description: 'A token response (RFC 6749 §5.1). In cookie mode the refresh token is set as a cookie and left out of the body.',
      headers: SET_COOKIE_HEADER,
      schema: { anyOf: [{ $ref: getSchemaPath(bodyMode) }, { $ref: getSchemaPath(CookieModeTokenResponse) }] },
    }),
  );
