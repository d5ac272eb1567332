import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import {
  endedBeforeSql,
  isExpired,
  isLive,
  isWithinGrace,
  liveSessionSql,
  newSessionLifetime,
  sessionEndMs,
  slidingExpiry,
} from './session-policy.js';

const at = (iso: string) => new Date(iso);

describe('slidingExpiry', () => {
  it('moves the idle expiry forward by the idle TTL', () => {
    expect(slidingExpiry(at('2026-01-01T00:00:00Z'), 3600, at('2026-02-01T00:00:00Z'))).toEqual(at('2026-01-01T01:00:00Z'));
  });

  it('never passes the absolute expiry', () => {
    expect(slidingExpiry(at('2026-01-31T23:30:00Z'), 3600, at('2026-02-01T00:00:00Z'))).toEqual(at('2026-02-01T00:00:00Z'));
  });
});

describe('isExpired', () => {
  const session = { expiresAt: at('2026-01-02T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') };

  it('is live before the idle expiry', () => {
    expect(isExpired(session, at('2026-01-01T23:59:59.999Z'))).toBe(false);
  });

  it('ends at the idle expiry', () => {
    expect(isExpired(session, at('2026-01-02T00:00:00Z'))).toBe(true);
  });

  it('ends at the absolute expiry even when recently used', () => {
    expect(isExpired({ expiresAt: at('2026-01-05T00:00:00Z'), maxExpiresAt: session.maxExpiresAt }, at('2026-01-03T00:00:00Z'))).toBe(true);
  });
});

describe('isWithinGrace', () => {
  const rotatedAt = at('2026-01-01T00:00:00Z');

  it('accepts a retry just inside the window', () => {
    expect(isWithinGrace(rotatedAt, at('2026-01-01T00:00:09.999Z'), 10)).toBe(true);
  });

  it('refuses a retry at the edge of the window', () => {
    expect(isWithinGrace(rotatedAt, at('2026-01-01T00:00:10Z'), 10)).toBe(false);
  });

  it('is disabled by a grace of zero, even in the same millisecond', () => {
    expect(isWithinGrace(rotatedAt, rotatedAt, 0)).toBe(false);
  });

  it('refuses a session that was never rotated', () => {
    expect(isWithinGrace(null, rotatedAt, 10)).toBe(false);
  });
});

describe('newSessionLifetime', () => {
  it('fixes the absolute expiry at login and starts the idle expiry under it', () => {
    expect(newSessionLifetime(at('2026-01-01T00:00:00Z'), { idleTtl: 3600, maxAge: 86_400 })).toEqual({
      expiresAt: at('2026-01-01T01:00:00Z'),
      maxExpiresAt: at('2026-01-02T00:00:00Z'),
    });
  });

  it('caps the first idle expiry by a shorter maximum age', () => {
    expect(newSessionLifetime(at('2026-01-01T00:00:00Z'), { idleTtl: 3600, maxAge: 60 }).expiresAt).toEqual(at('2026-01-01T00:01:00Z'));
  });
});

describe('sessionEndMs', () => {
  it('is the earlier of the idle and the absolute expiry', () => {
    expect(sessionEndMs({ expiresAt: at('2026-01-02T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') })).toBe(
      at('2026-01-02T00:00:00Z').getTime(),
    );
    expect(sessionEndMs({ expiresAt: at('2026-01-05T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') })).toBe(
      at('2026-01-03T00:00:00Z').getTime(),
    );
  });
});

describe('isLive', () => {
  const session = { revokedAt: null, expiresAt: at('2026-01-02T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') };

  it('is live before its end and not after', () => {
    expect(isLive(session, at('2026-01-01T23:59:59.999Z'))).toBe(true);
    expect(isLive(session, at('2026-01-02T00:00:00Z'))).toBe(false);
  });

  it('is not live once revoked, whatever its expiry', () => {
    expect(isLive({ ...session, revokedAt: at('2026-01-01T00:00:00Z') }, at('2026-01-01T12:00:00Z'))).toBe(false);
  });
});

describe('liveSessionSql and endedBeforeSql', () => {
  // The SQL must say what isLive says: both are run over the same rows on a real SQLite table.
  const rows = [
    { id: 'live', revokedAt: null, expiresAt: at('2026-01-02T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') },
    { id: 'idle-expired', revokedAt: null, expiresAt: at('2026-01-01T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') },
    { id: 'at-idle-expiry', revokedAt: null, expiresAt: at('2026-01-01T12:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') },
    { id: 'absolute-expired', revokedAt: null, expiresAt: at('2026-01-05T00:00:00Z'), maxExpiresAt: at('2026-01-01T06:00:00Z') },
    {
      id: 'revoked',
      revokedAt: at('2025-12-31T00:00:00Z'),
      expiresAt: at('2026-01-02T00:00:00Z'),
      maxExpiresAt: at('2026-01-03T00:00:00Z'),
    },
  ];
  const now = at('2026-01-01T12:00:00Z');
  const database = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  const ids = async (where: { sql: string; parameters: string[] }) =>
    (
      await database.query<Array<{ id: string }>>(`SELECT s.id AS id FROM sessions s WHERE ${where.sql} ORDER BY s.id`, where.parameters)
    ).map((row) => row.id);

  beforeAll(async () => {
    await database.initialize();
    await database.query(
      'CREATE TABLE sessions (id TEXT PRIMARY KEY, revoked_at TEXT NULL, expires_at TEXT NOT NULL, max_expires_at TEXT NOT NULL)',
    );
    for (const row of rows) {
      await database.query('INSERT INTO sessions VALUES (?, ?, ?, ?)', [
        row.id,
        row.revokedAt && sqlTime(row.revokedAt),
        sqlTime(row.expiresAt),
        sqlTime(row.maxExpiresAt),
      ]);
    }
  });

  afterAll(() => database.destroy());

  it('selects exactly the sessions isLive accepts', async () => {
    const live = await ids(liveSessionSql('s', now));
    expect(live).toEqual(
      rows
        .filter((row) => isLive(row, now))
        .map((row) => row.id)
        .sort(),
    );
    expect(live).toEqual(['live']);
  });

  it('selects for the purge only sessions that ended strictly before the cutoff', async () => {
    expect(await ids(endedBeforeSql(at('2026-01-01T12:00:00Z')))).toEqual(['absolute-expired', 'idle-expired', 'revoked']);
  });
});
