import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { FastifyInstance } from 'fastify';
import { type DeadlineAnswer, registerRequestDeadline } from './request-deadline.js';

describe('registerRequestDeadline', () => {
  let sut: FastifyInstance;
  afterEach(() => sut.close());

  /** A real listener and fetch: Fastify's inject() needs an ESM-only package jest cannot require. */
  async function call(server: Promise<FastifyInstance>, method: string, url: string) {
    const address = await (await server).listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}${url}`, { method });
    return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.json() };
  }

  async function serverWith(timeoutMs: number, handlerMs: number, answer?: DeadlineAnswer): Promise<FastifyInstance> {
    sut = Fastify();
    registerRequestDeadline(sut, timeoutMs, answer);
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, handlerMs));
      return { done: true };
    };
    sut.get('/slow', slow);
    sut.post('/oauth/token', slow);
    return sut;
  }

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After once the deadline passes', async () => {
    const response = await call(serverWith(30, 300), 'GET', '/slow');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
  });

  // The app passes its global exception filter here; test/request-deadline.e2e-spec.ts shows the OAuth
  // endpoints then answer in their own shape.
  it('hands the error to the answer it is given, with the route Fastify matched', async () => {
    const answer: DeadlineAnswer = (error, request, reply) =>
      void reply.code(error.status).send({ route: request.routeOptions.url, code: error.code });
    const response = await call(serverWith(30, 300, answer), 'POST', '/oauth/token');
    expect(response.statusCode).toBe(503);
    expect(response.body).toEqual({ route: '/oauth/token', code: 'SERVICE_UNAVAILABLE' });
  });

  it('leaves a request answered in time alone', async () => {
    const response = await call(serverWith(300, 5), 'GET', '/slow');
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ done: true });
  });
});
