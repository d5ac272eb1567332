import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './is-database-unavailable.js';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'POOL_ACQUIRE_TIMEOUT'])(
    'recognises %s, bare or wrapped by TypeORM',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
      expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode(code)))).toBe(true);
    },
  );

  it('recognises a fatal mysql2 error, a closed SQLite handle and a disconnected data source', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('gone'), { fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('The database connection is not open'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection is not established with mysql database'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'CannotExecuteNotConnectedError' }))).toBe(true);
  });

  it('leaves query errors and everything else alone', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], withCode('ER_DUP_ENTRY')))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
