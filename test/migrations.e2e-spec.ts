import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions } from '../src/database/data-source-options.js';
import { schemaOf } from './support/schema.js';
import { E2E_DB, prepareDatabaseUrl } from './support/test-database.js';

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
    await first.query(
      `INSERT INTO users (id, email, password_hash, display_name, jwt_version, created_at, updated_at) VALUES ('u1', 'a@example.com', 'h', NULL, 3, '${at}', '${at}')`,
    );
    await first.query(
      `INSERT INTO sessions (id, user_id, token_salt, token_generation, created_at, last_used_at, expires_at, max_expires_at) VALUES ('s1', 'u1', 'salt', 2, '${at}', '${at}', '${at}', '${at}')`,
    );
    await first.destroy();

    const upgraded = await open(url);
    await upgraded.runMigrations();
    expect(await upgraded.query('SELECT id, role, disabled_at, jwt_version FROM users')).toEqual([
      { id: 'u1', role: 'user', disabled_at: null, jwt_version: 3 },
    ]);
    expect(await upgraded.query('SELECT id, token_generation FROM sessions')).toEqual([{ id: 's1', token_generation: 2 }]);
    await upgraded.query(`INSERT INTO auth_events (user_id, type, created_at) VALUES ('u1', 'login', '${at}')`);
    // Foreign keys survived the upgrade: deleting the user cascades to its sessions and events.
    await upgraded.query("DELETE FROM users WHERE id = 'u1'");
    expect(await upgraded.query('SELECT id FROM sessions')).toEqual([]);
    expect(await upgraded.query('SELECT id FROM auth_events')).toEqual([]);
  });

  it('normalise stored emails and compare them byte for byte on every database', async () => {
    const url = await prepareDatabaseUrl({ persistent: true, suffix: '_migrations' });
    const before = await open(url, MIGRATIONS.slice(0, 3));
    await before.runMigrations();
    const at = '2026-01-01 00:00:00.000';
    const insert = (id: string, email: string) =>
      before.query(
        `INSERT INTO users (id, email, password_hash, display_name, jwt_version, created_at, updated_at) VALUES (?, ?, 'h', NULL, 0, '${at}', '${at}')`,
        [id, email],
      );
    await insert('u1', 'ada@example.com');
    await insert('u2', 'cafe\u0301@example.com');
    await insert('u3', '\ufb01nn@example.com');
    // Two rows that normalise alike could only have been stored where the column compared bytes.
    if (E2E_DB === 'sqlite') await insert('u4', 'zoe\u0308@example.com');
    if (E2E_DB === 'sqlite') await insert('u5', 'zo\u00eb@example.com');
    await before.destroy();

    const upgraded = await open(url);
    await upgraded.runMigrations();
    const rows = await upgraded.query('SELECT id, email FROM users ORDER BY id');
    expect(rows.filter((row: { id: string }) => row.id <= 'u3')).toEqual([
      { id: 'u1', email: 'ada@example.com' },
      { id: 'u2', email: 'caf\u00e9@example.com' },
      { id: 'u3', email: 'finn@example.com' },
    ]);
    if (E2E_DB === 'sqlite')
      expect(rows.slice(3)).toEqual([
        { id: 'u4', email: 'zoe\u0308@example.com' },
        { id: 'u5', email: 'zo\u00eb@example.com' },
      ]);
    // Accent- and case-insensitive collations would make these collide on MySQL/MariaDB and not on SQLite.
    await upgraded.query(
      `INSERT INTO users (id, email, password_hash, display_name, jwt_version, created_at, updated_at) VALUES ('u6', 'ad\u00e1@example.com', 'h', NULL, 0, '${at}', '${at}')`,
    );
    await upgraded.query(
      `INSERT INTO users (id, email, password_hash, display_name, jwt_version, created_at, updated_at) VALUES ('u7', 'ADA@example.com', 'h', NULL, 0, '${at}', '${at}')`,
    );
    expect(await upgraded.query("SELECT id FROM users WHERE email = 'ada@example.com'")).toEqual([{ id: 'u1' }]);
    if (E2E_DB === 'mariadb') {
      const [column] = await upgraded.query(
        "SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'email'",
      );
      expect(column).toEqual({ charset: 'utf8mb4', collation: 'utf8mb4_bin', nullable: 'NO' });
    }
  });

  it('run down and up again cleanly: each down restores the exact schema before its up, and up again rebuilds it', async () => {
    // The schema each prefix of the migrations builds on a fresh database: what every down must restore.
    const expected: Array<Awaited<ReturnType<typeof schemaOf>>> = [];
    for (let applied = 0; applied <= MIGRATIONS.length; applied += 1) {
      const fresh = await open(await prepareDatabaseUrl({ persistent: true, suffix: `_schema${applied}` }), MIGRATIONS.slice(0, applied));
      await fresh.runMigrations();
      expected.push(await schemaOf(fresh));
      await fresh.destroy();
    }
    expect(expected[0]).toEqual({});
    expect(Object.keys(expected[MIGRATIONS.length]).sort()).toEqual(['auth_events', 'password_reset_tokens', 'sessions', 'users']);

    const db = await open(await prepareDatabaseUrl({ persistent: true, suffix: '_migrations' }));
    await db.runMigrations();
    expect(await schemaOf(db)).toEqual(expected[MIGRATIONS.length]);
    for (let applied = MIGRATIONS.length - 1; applied >= 0; applied -= 1) {
      await db.undoLastMigration();
      expect({ applied, schema: await schemaOf(db) }).toEqual({ applied, schema: expected[applied] });
    }
    await db.runMigrations();
    expect(await schemaOf(db)).toEqual(expected[MIGRATIONS.length]);
  }, 60_000);
});
