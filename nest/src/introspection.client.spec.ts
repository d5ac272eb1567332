import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import { IntrospectionClient } from './introspection.client.js';

// The package logs outages and refusals; the specs assert the outcomes instead.
Logger.overrideLogger(false);

const options = { serviceUrl: 'https://auth.example.com', clientId: 'catalog', clientSecret: 's3cret with space' };
const active = {
  active: true,
  sub: 'user-1',
  sid: 'session-1',
  role: 'user',
  ver: 0,
  exp: 1,
  iat: 0,
  iss: 'autorenew',
  aud: 'autorenew-api',
  token_type: 'Bearer',
};

function clientAnswering(answer: () => Promise<Response>, timeoutMs?: number) {
  const fetchImpl = jest.fn<typeof fetch>(answer);
  return { fetchImpl, sut: new IntrospectionClient(options, fetchImpl, timeoutMs) };
}

describe('IntrospectionClient', () => {
  describe('introspect', () => {
    it('posts the token as a form to /oauth/introspect with HTTP Basic client authentication', async () => {
      const { fetchImpl, sut } = clientAnswering(async () => Response.json(active));
      expect(await sut.introspect('the.token.text')).toEqual({ active: true, sub: 'user-1', sid: 'session-1', role: 'user' });
      const [url, init] = fetchImpl.mock.calls[0];
      expect(url).toBe('https://auth.example.com/oauth/introspect');
      expect(init?.method).toBe('POST');
      const headers = init?.headers as Record<string, string>;
      expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Buffer.from(headers.authorization.replace(/^Basic /, ''), 'base64').toString()).toBe('catalog:s3cret+with+space');
      expect(new URLSearchParams(String(init?.body)).get('token')).toBe('the.token.text');
    });

    it('refuses to follow a redirect, which would resend the token and credentials elsewhere', async () => {
      const { fetchImpl, sut } = clientAnswering(async () => Response.json(active));
      await sut.introspect('the.token.text');
      expect(fetchImpl.mock.calls[0][1]?.redirect).toBe('error');
    });

    it("reads the session's end (session_exp), and does without it from a service that does not send it", async () => {
      const { sut } = clientAnswering(async () => Response.json({ ...active, session_exp: 1_900_000_000 }));
      expect(await sut.introspect('t')).toEqual({ active: true, sub: 'user-1', sid: 'session-1', role: 'user', sessionExp: 1_900_000_000 });
      const older = clientAnswering(async () => Response.json(active));
      expect(await older.sut.introspect('t')).not.toHaveProperty('sessionExp');
    });

    it('answers an inactive token as inactive', async () => {
      const { sut } = clientAnswering(async () => Response.json({ active: false }));
      expect(await sut.introspect('t')).toEqual({ active: false });
    });

    it.each([
      ['the service is unreachable', () => Promise.reject(new TypeError('fetch failed'))],
      ['it answers 500', async () => new Response('oops', { status: 500 })],
      ['it answers 503', async () => Response.json({ code: 'SERVICE_UNAVAILABLE' }, { status: 503 })],
      ['it refuses our client', async () => Response.json({ error: 'invalid_client' }, { status: 401 })],
      ['its answer is not JSON', async () => new Response('<html>', { status: 200 })],
      ['its active answer lacks the subject', async () => Response.json({ active: true, sid: 'session-1', role: 'user' })],
      ['its session_exp is not a whole number of seconds', async () => Response.json({ ...active, session_exp: '1900000000' })],
      ['its session_exp is fractional', async () => Response.json({ ...active, session_exp: 1.5 })],
    ])('fails closed with AUTH_SERVICE_UNAVAILABLE when %s', async (_, answer) => {
      const { sut } = clientAnswering(answer);
      await expect(sut.introspect('t')).rejects.toMatchObject({ code: AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE, status: 503 });
    });

    it('gives up after its timeout, with AUTH_SERVICE_UNAVAILABLE', async () => {
      const hang = (_: unknown, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
      const fetchImpl = jest.fn<typeof fetch>(hang);
      const sut = new IntrospectionClient(options, fetchImpl, 50);
      const started = performance.now();
      await expect(sut.introspect('t')).rejects.toMatchObject({ code: AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE });
      expect(performance.now() - started).toBeLessThan(1000);
    }, 5000);
  });
});
