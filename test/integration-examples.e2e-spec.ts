import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { NotesModule } from '../examples/in-app/notes.module.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { SignedInUser, bearer, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** docs/integration.md §1: a feature module added to this app, exactly as examples/in-app writes it. */
describe('a feature module in this app (examples/in-app)', () => {
  let t: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp({}, { imports: [NotesModule] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    user = await signedInUser(t.http);
  });

  it('protects a route without any decorator: 401 without a token, the caller’s principal with one', async () => {
    const anonymous = await t.http.get('/notes/me').expect(401);
    expect(anonymous.body).toEqual({ statusCode: 401, code: 'TOKEN_MISSING', message: 'Authentication is required.' });
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="autorenew"');
    const signedIn = await t.http.get('/notes/me').set(bearer(user.tokens)).expect(200);
    expect(signedIn.body).toStrictEqual({ userId: user.id, sessionId: user.tokens.session_id, role: 'user' });
  });

  it('refuses a revoked token at once, with the service’s own codes', async () => {
    await t.http.get('/notes/me').set(bearer(user.tokens)).expect(200);
    await t.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
    const response = await t.http.get('/notes/me').set(bearer(user.tokens)).expect(401);
    expect(response.body.code).toBe('TOKEN_REVOKED');
  });

  it('serves a @Public() route without a token', async () => {
    const response = await t.http.get('/notes/about').expect(200);
    expect(response.body).toEqual({ feature: 'notes' });
  });

  it('answers a @Roles(Role.Admin) route 403 to a user and 200 to an administrator', async () => {
    const refused = await t.http.get('/notes/all').set(bearer(user.tokens)).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'This action requires the administrator role.' });
    await t.http.get('/notes/all').expect(401);
    const admin = await signedInAdmin(t);
    await t.http.post('/notes').set(bearer(user.tokens)).send({ text: 'from the user' }).expect(201);
    const response = await t.http.get('/notes/all').set(bearer(admin.tokens)).expect(200);
    // The service is one per app: notes of earlier tests may be listed too.
    expect(response.body).toEqual(expect.arrayContaining([expect.objectContaining({ ownerId: user.id, text: 'from the user' })]));
  });

  it('keeps each caller’s notes apart, records the client with @Client(), and validates the body', async () => {
    const other = await signedInUser(t.http);
    const created = await t.http
      .post('/notes')
      .set(bearer(user.tokens))
      .set('User-Agent', 'NotesTest/1.0')
      .send({ text: 'mine' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ownerId: user.id,
      text: 'mine',
      writtenWith: 'NotesTest/1.0',
    });
    await t.http.post('/notes').set(bearer(other.tokens)).send({ text: 'theirs' }).expect(201);
    expect((await t.http.get('/notes').set(bearer(user.tokens)).expect(200)).body.map((note: { text: string }) => note.text)).toEqual([
      'mine',
    ]);
    const invalid = await t.http.post('/notes').set(bearer(user.tokens)).send({ text: '', extra: true }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
  });
});
