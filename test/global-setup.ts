import mysql from 'mysql2/promise';

// Runs outside jest's module mapper, so it cannot import test/support; keep in step with test-database.ts.
// E2E_DATABASE_PREFIX lets two checkouts run the MariaDB suite side by side without dropping each other's databases.
const PREFIX = process.env.E2E_DATABASE_PREFIX ?? 'autorenew_e2e_';

/** A MariaDB run starts from fresh databases: drop whatever an earlier run left behind. */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_DB !== 'mariadb') return;
  const connection = await mysql.createConnection(process.env.E2E_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306');
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES LIKE ?', [`${PREFIX}%`]);
    for (const row of rows) await connection.query(`DROP DATABASE \`${Object.values(row)[0]}\``);
  } finally {
    await connection.end();
  }
}
