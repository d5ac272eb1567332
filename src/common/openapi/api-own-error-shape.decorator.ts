import { SetMetadata } from '@nestjs/common';

export const API_OWN_ERROR_SHAPE_KEY = 'autorenew:api-own-error-shape';

/**
 * The route answers errors in a shape of its own (the OAuth endpoints: RFC 6749 §5.2), documented by
 * its own `@ApiResponse` decorators: the OpenAPI document adds none of the API's error bodies to it.
 */
export const ApiOwnErrorShape = () => SetMetadata(API_OWN_ERROR_SHAPE_KEY, true);
