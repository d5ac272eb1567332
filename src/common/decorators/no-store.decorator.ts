import { Header, applyDecorators } from '@nestjs/common';

/** For responses that carry a token: browsers and proxies must never keep them (RFC 6749 §5.1). */
export const NoStore = () => applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
