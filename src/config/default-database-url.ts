/** SQLite in the data directory: `npm start` needs no database setup. */
export function defaultDatabaseUrl(dataDir = './data'): string {
  return `sqlite:${dataDir}/autorenew.sqlite`;
}
