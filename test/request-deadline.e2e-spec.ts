import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseFilters } from '@nestjs/common';
import { REQUEST_TIMEOUT_MS } from '../src/http/request-deadline.js';
import { Public } from '../src/identity/public.decorator.js';
import { OAuthExceptionFilter } from '../src/oauth/oauth-exception.filter.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// Handlers that answer only when the suite ends: the deadline must answer first.
let release: () => void = () => undefined;
const held = new Promise<{ late: true }>((resolve) => (release = () => resolve({ late: true })));

@Public()
@UseFilters(OAuthExceptionFilter)
@Controller('held-oauth')
class HeldOAuthController {
  @Get()
  wait(): Promise<{ late: true }> {
    return held;
  }
}

@Public()
@Controller('held-api')
class HeldApiController {
  @Get()
  wait(): Promise<{ late: true }> {
    return held;
  }
}

@Module({ controllers: [HeldOAuthController, HeldApiController] })
class HeldModule {}

describe('the request deadline in the app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [HeldModule] });
  });

  afterAll(async () => {
    release();
    await t.close();
  });

  it(
    "answers 503 through the route's own exception filter: OAuth's shape where the controller declares it, the API's elsewhere",
    async () => {
      const [oauth, api] = await Promise.all([t.http.get('/held-oauth'), t.http.get('/held-api')]);
      expect([oauth.status, oauth.headers['retry-after'], oauth.body]).toEqual([
        503,
        '5',
        { error: 'temporarily_unavailable', error_description: expect.any(String) },
      ]);
      expect([api.status, api.headers['retry-after'], api.body]).toEqual([
        503,
        '5',
        { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) },
      ]);
    },
    REQUEST_TIMEOUT_MS + 5_000,
  );
});
