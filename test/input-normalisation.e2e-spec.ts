import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ARGON2_OPTIONS, PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { sqlTime } from '../src/common/database/sql-time.js';
import { TokenResponse } from '../src/auth/token-response.js';
import { bearer } from './factories/user.factory.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { TestApp, createTestApp } from './support/test-app.js';

const PASSWORD = 'crème brûlée ñandú';
const NFD = PASSWORD.normalize('NFD');

describe('input normalisation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    rmSync(t.config.mail.outboxDir, { recursive: true, force: true });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const register = (email: string, password = 'correct horse battery') => t.http.post('/auth/register').send({ email, password });
  const signIn = async (email: string, password: string): Promise<TokenResponse> =>
    (await t.http.post('/auth/login').send({ email, password }).expect(200)).body;
  const emails = async () =>
    (await t.dataSource.query('SELECT email FROM users ORDER BY email')).map((row: { email: string }) => row.email);

  describe('emails', () => {
    it('stores one NFKC, lower-case form, whatever the keyboard typed', async () => {
      const response = await register('ＡＤＡ＠ｅｘａｍｐｌｅ．ｃｏｍ').expect(201);
      expect(response.body.email).toBe('ada@example.com');
      await register('Cafe\u0301@Example.com').expect(201);
      expect(await emails()).toEqual(['ada@example.com', 'caf\u00e9@example.com']);
    });

    it('treats every form of an address as one account: registration, login and reset', async () => {
      const { body } = await register('caf\u00e9@example.com').expect(201);
      for (const form of ['CAFE\u0301@EXAMPLE.COM', 'ｃａｆé@ｅｘａｍｐｌｅ.com', 'Caf\u00c9@example.com']) {
        expect((await register(form).expect(409)).body.code).toBe('EMAIL_TAKEN');
        const tokens = await signIn(form, 'correct horse battery');
        expect((await t.http.get('/users/me').set(bearer(tokens)).expect(200)).body.id).toBe(body.id);
      }
      await t.http.post('/auth/password/forgot').send({ email: 'CAFE\u0301@example.com' }).expect(202);
      const mails = await readOutbox(t);
      expect(mails.map((mail) => mail.to)).toEqual(['caf\u00e9@example.com']);
    });

    it('keys the per-account login throttle on the normalised address', async () => {
      await register('caf\u00e9@example.com').expect(201);
      const forms = [
        'caf\u00e9@example.com',
        'cafe\u0301@example.com',
        'CAF\u00c9@example.com',
        'CAFE\u0301@EXAMPLE.COM',
        'ｃａｆé@example.com',
      ];
      for (const [index, email] of forms.entries()) {
        await t.http
          .post('/auth/login')
          .set('X-Forwarded-For', `198.51.100.${index}`)
          .send({ email, password: 'wrong pass phrase' })
          .expect(401);
      }
      const blocked = await t.http
        .post('/auth/login')
        .send({ email: 'Cafe\u0301@example.com', password: 'correct horse battery' })
        .expect(429);
      expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
    });

    it('keeps addresses that differ by an accent apart (one collation on every database)', async () => {
      const plain = await register('ada@example.com').expect(201);
      const accented = await register('ad\u00e1@example.com', 'another pass phrase').expect(201);
      await register('strasse@example.com').expect(201);
      await register('straße@example.com').expect(201);
      const me = async (email: string, password: string) =>
        (
          await t.http
            .get('/users/me')
            .set(bearer(await signIn(email, password)))
            .expect(200)
        ).body.id;
      expect(await me('ada@example.com', 'correct horse battery')).toBe(plain.body.id);
      expect(await me('AD\u00c1@example.com', 'another pass phrase')).toBe(accented.body.id);
      await t.http.post('/auth/login').send({ email: 'ada@example.com', password: 'another pass phrase' }).expect(401);
    });

    it.each([
      ['ada@example.com\r\n'],
      ['ada@example.com\nBcc: eve@example.com'],
      ['\tada@example.com'],
      ['ada\u0000@example.com'],
      ['ada\u0085@example.com'],
      ['ada@exa\u009bmple.com'],
      ['ada\u007f@example.com'],
    ])('refuses control characters in %p with 400 VALIDATION_FAILED on register, login and forgot-password', async (email) => {
      for (const [path, body] of [
        ['/auth/register', { email, password: 'correct horse battery' }],
        ['/auth/login', { email, password: 'correct horse battery' }],
        ['/auth/password/forgot', { email }],
      ] as const) {
        const response = await t.http.post(path).send(body).expect(400);
        expect(response.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'email', messages: expect.arrayContaining([expect.stringMatching(/control characters/)]) }],
        });
      }
      expect(await emails()).toEqual([]);
      expect(await readOutbox(t).catch(() => [])).toEqual([]);
    });

    it('refuses an address longer than 254 characters once normalised', async () => {
      const response = await register(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}\u3392.com`).expect(400);
      expect(response.body.errors).toEqual([{ field: 'email', messages: [expect.stringMatching(/at most 254/)] }]);
    });
  });

  describe('passwords', () => {
    it('accepts a password typed in another Unicode form (NFC and NFD) for login, change and reset', async () => {
      await register('ada@example.com', PASSWORD).expect(201);
      const tokens = await signIn('ada@example.com', NFD);
      await signIn('ada@example.com', PASSWORD);

      const changed = 'ñandú über crème';
      await t.http
        .post('/auth/password')
        .set(bearer(tokens))
        .send({ currentPassword: NFD, newPassword: changed.normalize('NFD') })
        .expect(200);
      await signIn('ada@example.com', changed);

      await t.http.post('/auth/password/forgot').send({ email: 'ada@example.com' }).expect(202);
      const token = resetTokenFrom((await readOutbox(t))[0]);
      await t.http.post('/auth/password/reset').send({ token, newPassword: PASSWORD }).expect(200);
      await signIn('ada@example.com', NFD);
    });

    it('stores the hash of the NFC form', async () => {
      await register('ada@example.com', NFD).expect(201);
      const [{ password_hash: stored }] = await t.dataSource.query('SELECT password_hash FROM users');
      const hasher = t.app.get(PasswordHasher);
      await expect(hasher.verifyHash(stored, PASSWORD)).resolves.toBe(true);
      await expect(hasher.verifyHash(stored, NFD)).resolves.toBe(false);
    });

    it('still signs in a user whose hash predates normalisation (made from NFD), and re-hashes it as NFC', async () => {
      const legacyHash = await hash(NFD, ARGON2_OPTIONS);
      const now = sqlTime(t.clock.now());
      await t.dataSource.query(
        'INSERT INTO users (id, email, password_hash, display_name, jwt_version, role, created_at, updated_at) VALUES (?, ?, ?, NULL, 0, ?, ?, ?)',
        [randomUUID(), 'legacy@example.com', legacyHash, 'user', now, now],
      );
      // The NFC form cannot match yet: that hash only ever accepted the exact NFD string.
      await t.http.post('/auth/login').send({ email: 'legacy@example.com', password: PASSWORD }).expect(401);
      await signIn('legacy@example.com', NFD);
      const [{ password_hash: upgraded }] = await t.dataSource.query('SELECT password_hash FROM users');
      // Re-hashed from the NFC form: the stored hash now accepts that form and no longer the legacy NFD one.
      const hasher = t.app.get(PasswordHasher);
      await expect(hasher.verifyHash(upgraded, PASSWORD)).resolves.toBe(true);
      await expect(hasher.verifyHash(upgraded, NFD)).resolves.toBe(false);
      await signIn('legacy@example.com', PASSWORD);
    });
  });
});
