import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { defaultDatabaseUrl } from '../config/default-database-url.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { runCli } from './run-cli.js';

// Same DATABASE_URL (and default) as the service; migrations run first, as on service start.
const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL || defaultDatabaseUrl(process.env.DATA_DIR)));
await dataSource.initialize();
try {
  process.exitCode = await runCli(process.argv.slice(2), dataSource, (line) => console.log(line));
} finally {
  await dataSource.destroy();
}
