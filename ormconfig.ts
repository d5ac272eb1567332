// The DataSource the TypeORM CLI uses (`npx typeorm migration:run -d dist/ormconfig.js`); the service
// builds the same options from the same DATABASE_URL, so the CLI and the app never disagree.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { defaultDatabaseUrl } from './src/config/default-database-url.js';
import { dataSourceOptions } from './src/database/data-source-options.js';

export default new DataSource(dataSourceOptions(process.env.DATABASE_URL || defaultDatabaseUrl(process.env.DATA_DIR)));
