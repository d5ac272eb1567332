import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { createHttpAdapter, startApp } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock/clock.js';
import { FakeClock } from '../../src/common/clock/fake-clock.js';
import { AuthStateCache } from '../../src/revocation/auth-state-cache.js';
import { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ClearableThrottlerStorage } from '../../src/throttling/throttler-storage-record.js';
import { THROTTLER_STORAGE } from '../../src/throttling/throttler-storage.token.js';
import { prepareDatabaseUrl } from './test-database.js';

export type Http = ReturnType<typeof request>;

export const TEST_JWT_SECRET = 'e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface TestApp {
  app: NestFastifyApplication;
  http: Http;
  clock: FakeClock;
  config: AppConfig;
  dataSource: DataSource;
  /** Empties every table, so no test depends on another's leftovers. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on Fastify, in-process, with a fake clock and the given environment.
 * `imports` adds feature modules beside AppModule, as a product engineer adds them to it (examples/in-app).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { keepData?: boolean; overrides?: Array<[unknown, unknown]>; imports?: Array<Type | DynamicModule> } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: await prepareDatabaseUrl(),
    CLEANUP_INTERVAL: '0',
    LOG_LEVEL: 'silent',
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'autorenew-outbox-')),
    APP_URL: 'https://app.example.com',
    // Factories register many accounts from one loopback address; register-throttling.e2e-spec tests the limit.
    REGISTRATIONS_PER_IP_PER_HOUR: '100000',
    ...env,
  });
  const clock = new FakeClock();
  const builder = Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock);
  for (const [token, value] of options.overrides ?? []) builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { logger: false });
  await startApp(app);
  const dataSource = app.get(DataSource);
  const testApp: TestApp = {
    app,
    http: request(app.getHttpServer()),
    clock,
    config,
    dataSource,
    reset: async () => {
      await app.get<ClearableThrottlerStorage>(THROTTLER_STORAGE).clear();
      app.get(AuthStateCache).apply({ kind: 'all' });
      await dataSource.query('DELETE FROM password_reset_tokens');
      await dataSource.query('DELETE FROM auth_events');
      await dataSource.query('DELETE FROM sessions');
      await dataSource.query('DELETE FROM users');
    },
    close: () => app.close(),
  };
  if (!options.keepData) await testApp.reset();
  return testApp;
}
