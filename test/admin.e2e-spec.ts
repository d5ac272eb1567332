import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { pauseMethod } from './support/pause.js';
import { AdminUsersService } from '../src/admin/admin-users.service.js';
import { RevocationService } from '../src/revocation/revocation.service.js';
import { USAGE, runCli } from '../src/cli/run-cli.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { SignedInUser, bearer, login, registerUser, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('administration', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    admin = await signedInAdmin(t);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('the user:role CLI command', () => {
    it('grants and withdraws the admin role by email, case-insensitively', async () => {
      const user = await registerUser(t.http, { email: 'ops@example.com' });
      const lines: string[] = [];
      expect(await runCli(['user:role', 'OPS@example.com', 'admin'], t.dataSource, (line) => lines.push(line))).toBe(0);
      expect(lines).toEqual(['OPS@example.com now has the role admin']);
      const [row] = await t.dataSource.query('SELECT role FROM users WHERE id = ?', [user.id]);
      expect(row.role).toBe('admin');
      expect(await runCli(['user:role', 'ops@example.com', 'user'], t.dataSource, () => undefined)).toBe(0);
      const [after] = await t.dataSource.query('SELECT role FROM users WHERE id = ?', [user.id]);
      expect(after.role).toBe('user');
    });

    it('fails clearly for an unknown email or a bad role', async () => {
      const lines: string[] = [];
      expect(await runCli(['user:role', 'nobody@example.com', 'admin'], t.dataSource, (line) => lines.push(line))).toBe(1);
      expect(await runCli(['user:role', 'nobody@example.com', 'root'], t.dataSource, (line) => lines.push(line))).toBe(2);
      expect(lines).toEqual(['No user with email nobody@example.com', USAGE]);
    });
  });

  it('answers 403 FORBIDDEN to a signed-in non-admin on every admin route', async () => {
    const user = await signedInUser(t.http);
    const calls = [
      t.http.patch(`/admin/users/${admin.id}`).send({ disabled: true }),
      t.http.post(`/admin/users/${admin.id}/logout-all`),
      t.http.get(`/admin/users/${admin.id}/sessions`),
      t.http.delete(`/admin/users/${admin.id}/sessions/${admin.tokens.session_id}`),
    ];
    for (const call of calls) {
      const response = await call.set(bearer(user.tokens)).expect(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'This action requires the administrator role.' });
    }
    await t.http.get('/users/me').set(bearer(admin.tokens)).expect(200);
  });

  it('takes a role withdrawn by the CLI away on the very next request once announced', async () => {
    const user = await signedInUser(t.http);
    await t.http.get(`/admin/users/${user.id}/sessions`).set(bearer(admin.tokens)).expect(200);
    // The CLI announces through Redis when REDIS_URL is set; here the announcement reaches this instance directly.
    const announce = (userId: string) => t.app.get(RevocationService).userChanged(userId);
    await runCli(['user:role', admin.email, 'user'], t.dataSource, () => undefined, announce);
    await t.http.get(`/admin/users/${user.id}/sessions`).set(bearer(admin.tokens)).expect(403);
  });

  it('takes a role withdrawn without an announcement away once the auth-state cache TTL has passed', async () => {
    const user = await signedInUser(t.http);
    await t.http.get(`/admin/users/${user.id}/sessions`).set(bearer(admin.tokens)).expect(200);
    await runCli(['user:role', admin.email, 'user'], t.dataSource, () => undefined);
    t.clock.advance(t.config.authCache.ttl * 1000 + 1);
    await t.http.get(`/admin/users/${user.id}/sessions`).set(bearer(admin.tokens)).expect(403);
  });

  describe('the user:enable CLI command', () => {
    it('re-enables a disabled account (the way back when every administrator is disabled)', async () => {
      const other = await signedInAdmin(t);
      await t.http.patch(`/admin/users/${other.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      const lines: string[] = [];
      expect(await runCli(['user:enable', other.email.toUpperCase()], t.dataSource, (line) => lines.push(line))).toBe(0);
      expect(lines).toEqual([`${other.email.toUpperCase()} is enabled; they sign in again with their password`]);
      const tokens = await login(t.http, other);
      await t.http.get(`/admin/users/${admin.id}/sessions`).set(bearer(tokens)).expect(200);
      expect(await runCli(['user:enable', 'nobody@example.com'], t.dataSource, () => undefined)).toBe(1);
      expect(await runCli(['user:enable'], t.dataSource, () => undefined)).toBe(2);
    });
  });

  it('lets only one of two administrators disabling each other at once succeed', async () => {
    const other = await signedInAdmin(t);
    // Both requests pass the guard, as two live administrators, and are held before either acts.
    const acting = pauseMethod(t.app.get(AdminUsersService), 'setDisabled', { count: 2, hold: 'before' });
    const first = t.http
      .patch(`/admin/users/${other.id}`)
      .set(bearer(admin.tokens))
      .send({ disabled: true })
      .then((response) => response.status);
    const second = t.http
      .patch(`/admin/users/${admin.id}`)
      .set(bearer(other.tokens))
      .send({ disabled: true })
      .then((response) => response.status);
    await acting.arrived;
    acting.release();
    expect([await first, await second].sort()).toEqual([200, 403]);
    const enabledAdmins = await t.dataSource.query("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL");
    expect(enabledAdmins).toHaveLength(1);
  });

  describe('PATCH /admin/users/:id', () => {
    it('disabling ends every token at once; login then answers exactly like a wrong password', async () => {
      const user = await signedInUser(t.http);
      const response = await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      expect(response.body).toMatchObject({
        id: user.id,
        email: user.email,
        role: 'user',
        disabled: true,
        disabledAt: t.clock.now().toISOString(),
      });
      const [{ version }] = await t.dataSource.query('SELECT jwt_version AS version FROM users WHERE id = ?', [user.id]);
      expect(Number(version)).toBe(1);
      expect((await t.http.get('/users/me').set(bearer(user.tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      expect((await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401)).body.code).toBe(
        'SESSION_REVOKED',
      );
      const disabledLogin = await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
      const wrongPassword = await t.http.post('/auth/login').send({ email: admin.email, password: 'wrong password' }).expect(401);
      expect(disabledLogin.body).toEqual(wrongPassword.body);
    });

    it('re-enabling lets the user sign in again', async () => {
      const user = await signedInUser(t.http);
      await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      const response = await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: false }).expect(200);
      expect(response.body).toMatchObject({ disabled: false, disabledAt: null });
      const tokens = await login(t.http, user);
      await t.http.get('/users/me').set(bearer(tokens)).expect(200);
    });

    it('refuses to let an administrator disable their own account', async () => {
      const response = await t.http.patch(`/admin/users/${admin.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(409);
      expect(response.body.code).toBe('CANNOT_DISABLE_SELF');
      await t.http.get('/users/me').set(bearer(admin.tokens)).expect(200);
    });

    it('answers 404 USER_NOT_FOUND for an unknown user and 400 for a bad body', async () => {
      expect(
        (
          await t.http
            .patch('/admin/users/00000000-0000-4000-8000-000000000000')
            .set(bearer(admin.tokens))
            .send({ disabled: true })
            .expect(404)
        ).body.code,
      ).toBe('USER_NOT_FOUND');
      for (const body of [{}, { disabled: 'yes' }, { disabled: true, role: 'admin' }]) {
        expect((await t.http.patch(`/admin/users/${admin.id}`).set(bearer(admin.tokens)).send(body).expect(400)).body.code).toBe(
          'VALIDATION_FAILED',
        );
      }
    });
  });

  it('POST /admin/users/:id/logout-all signs the user out everywhere', async () => {
    const user = await signedInUser(t.http);
    const other = await login(t.http, user);
    await t.http.post(`/admin/users/${user.id}/logout-all`).set(bearer(admin.tokens)).expect(204);
    for (const tokens of [user.tokens, other]) await t.http.get('/users/me').set(bearer(tokens)).expect(401);
    await t.http.get('/users/me').set(bearer(admin.tokens)).expect(200);
    expect(
      (await t.http.post('/admin/users/00000000-0000-4000-8000-000000000000/logout-all').set(bearer(admin.tokens)).expect(404)).body.code,
    ).toBe('USER_NOT_FOUND');
  });

  it('GET /admin/users/:id/sessions lists the user’s live sessions', async () => {
    const user = await signedInUser(t.http, 'phone');
    await login(t.http, user, 'laptop');
    const response = await t.http.get(`/admin/users/${user.id}/sessions`).set(bearer(admin.tokens)).expect(200);
    expect(response.body.map((s: { deviceName: string }) => s.deviceName).sort()).toEqual(['laptop', 'phone']);
    expect(response.body.every((s: { current: boolean }) => s.current === false)).toBe(true);
  });

  it('DELETE /admin/users/:id/sessions/:sid revokes that session at once, and only a session of that user', async () => {
    const user = await signedInUser(t.http);
    const other = await signedInUser(t.http);
    await t.http.delete(`/admin/users/${user.id}/sessions/${other.tokens.session_id}`).set(bearer(admin.tokens)).expect(404);
    await t.http.get('/users/me').set(bearer(other.tokens)).expect(200);
    await t.http.delete(`/admin/users/${user.id}/sessions/${user.tokens.session_id}`).set(bearer(admin.tokens)).expect(204);
    expect((await t.http.get('/users/me').set(bearer(user.tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
  });
});
