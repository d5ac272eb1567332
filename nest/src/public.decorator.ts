import { SetMetadata } from '@nestjs/common';

export const AUTORENEW_IS_PUBLIC_KEY = 'autorenew:isPublic';

/** Opts a route or controller out of the global guard. Every other route requires a live access token. */
export const Public = () => SetMetadata(AUTORENEW_IS_PUBLIC_KEY, true);
