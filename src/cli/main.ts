import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { defaultDatabaseUrl } from '../config/default-database-url.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { withRedisAnnouncer } from './redis-announcer.js';
import { runCli } from './run-cli.js';

// Same DATABASE_URL (and default) as the service; migrations run first, as on service start.
const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL || defaultDatabaseUrl(process.env.DATA_DIR)));
await dataSource.initialize();
const print = (line: string) => console.log(line);
try {
  const redisUrl = process.env.REDIS_URL;
  process.exitCode = redisUrl
    ? await withRedisAnnouncer(redisUrl, process.env.REDIS_KEY_PREFIX || 'autorenew:', (announce) =>
        runCli(process.argv.slice(2), dataSource, print, announce),
      )
    : await runCli(process.argv.slice(2), dataSource, print);
} finally {
  await dataSource.destroy();
}
