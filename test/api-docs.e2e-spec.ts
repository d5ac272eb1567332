import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { API_DOCS_CSP } from '../src/openapi/api-docs-csp.js';
import { TestApp, createTestApp } from './support/test-app.js';

const API_CSP = /^default-src 'none';/;

describe('the API docs at /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 30_000);
  afterAll(() => t.close());

  it('serves Swagger UI and its assets with the CSP of /docs, and no inline script or style', async () => {
    const page = await t.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(API_DOCS_CSP);
    expect(page.text).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    for (const [path, type] of [
      ['/docs/init.js', /javascript/],
      ['/docs/swagger-ui-bundle.js', /javascript/],
      ['/docs/swagger-ui.css', /^text\/css/],
      ['/docs/favicon-32x32.png', /^image\/png/],
    ] as const) {
      const asset = await t.http.get(path).expect(200);
      expect([path, asset.headers['content-type']]).toEqual([path, expect.stringMatching(type)]);
      expect([path, asset.headers['content-security-policy']]).toEqual([path, API_DOCS_CSP]);
    }
  });

  it('serves the committed openapi.json at /docs/json', async () => {
    const json = await t.http.get('/docs/json').buffer(true).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.text).toBe(readFileSync('openapi.json', 'utf8'));
  });

  it("keeps the API's strict CSP on every API route, and the API's 404 for what /docs does not serve", async () => {
    for (const response of [
      await t.http.get('/health'),
      await t.http.get('/users/me').expect(401),
      await t.http.get('/docs/nope.js').expect(404),
    ]) {
      expect(response.headers['content-security-policy']).toMatch(API_CSP);
      expect(response.headers['content-security-policy']).not.toBe(API_DOCS_CSP);
    }
    for (const path of ['/docs/index.html', '/docs/swagger-initializer.js', '/docs/swagger-ui-bundle.js.map']) {
      expect((await t.http.get(path).expect(404)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('is not served with API_DOCS=false', async () => {
    const off = await createTestApp({ API_DOCS: 'false' });
    try {
      for (const path of ['/docs', '/docs/json', '/docs/swagger-ui-bundle.js']) {
        expect((await off.http.get(path).expect(404)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      }
    } finally {
      await off.close();
    }
  }, 30_000);
});
