import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions } from '../src/database/data-source-options.js';
import { prepareDatabaseUrl } from './support/test-database.js';

describe('migrations', () => {
  let dataSource: DataSource | undefined;
  afterEach(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
  });

  const open = async (url: string, migrations = MIGRATIONS) => {
    dataSource = new DataSource({ ...dataSourceOptions(url), migrations, migrationsRun: false });
    await dataSource.initialize();
    return dataSource;
  };

  it('upgrade a populated database step by step without losing or orphaning rows', async () => {
    const url = await prepareDatabaseUrl({ persistent: true, suffix: '_migrations' });
    const first = await open(url, MIGRATIONS.slice(0, 1));
    await first.runMigrations();
    const at = '2026-01-01 00:00:00.000';
    await first.query(`INSERT INTO users (id, email, password_hash, display_name, jwt_version, created_at, updated_at) VALUES ('u1', 'a@example.com', 'h', NULL, 3, '${at}', '${at}')`);
    await first.query(
      `INSERT INTO sessions (id, user_id, token_salt, token_generation, created_at, last_used_at, expires_at, max_expires_at) VALUES ('s1', 'u1', 'salt', 2, '${at}', '${at}', '${at}', '${at}')`,
    );
    await first.destroy();

    const upgraded = await open(url);
    await upgraded.runMigrations();
    expect(await upgraded.query('SELECT id, role, disabled_at, jwt_version FROM users')).toEqual([{ id: 'u1', role: 'user', disabled_at: null, jwt_version: 3 }]);
    expect(await upgraded.query('SELECT id, token_generation FROM sessions')).toEqual([{ id: 's1', token_generation: 2 }]);
    await upgraded.query(`INSERT INTO auth_events (user_id, type, created_at) VALUES ('u1', 'login', '${at}')`);
    // Foreign keys survived the upgrade: deleting the user cascades to its sessions and events.
    await upgraded.query("DELETE FROM users WHERE id = 'u1'");
    expect(await upgraded.query('SELECT id FROM sessions')).toEqual([]);
    expect(await upgraded.query('SELECT id FROM auth_events')).toEqual([]);
  });

  it('run down and up again cleanly', async () => {
    const url = await prepareDatabaseUrl({ persistent: true, suffix: '_migrations' });
    const db = await open(url);
    await db.runMigrations();
    for (let i = 0; i < MIGRATIONS.length; i += 1) await db.undoLastMigration();
    await db.runMigrations();
    expect(await db.query('SELECT COUNT(*) AS count FROM auth_events')).toEqual([{ count: expect.anything() }]);
  });
});
