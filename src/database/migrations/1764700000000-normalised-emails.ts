import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeEmail } from '../../users/normalize-email.js';

/**
 * Emails compare byte for byte on every database. The column only ever holds normalizeEmail's output,
 * so MySQL/MariaDB's default case- and accent-insensitive collations (utf8mb4_0900_ai_ci,
 * utf8mb4_general_ci, or latin1 on an older default) could only make lookups and uniqueness disagree with
 * SQLite's BINARY: `ada@` and `adá@` one account there and two here. utf8mb4_bin behaves as BINARY does.
 *
 * Rows stored before today's normalisation (a decomposed `é`, a compatibility character) are rewritten,
 * after the collation, so that the check for a taken address is exact. A row whose normalised form is
 * already another account's keeps its old value (and is logged): merging accounts is not a migration's call.
 */
export class NormalisedEmails1764700000000 implements MigrationInterface {
  name = 'NormalisedEmails1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner))
      await queryRunner.query('ALTER TABLE users MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    const rows = (await queryRunner.query('SELECT id, email FROM users')) as Array<{ id: string; email: string }>;
    for (const { id, email } of rows) {
      const normalised = normalizeEmail(email);
      if (normalised === email) continue;
      const taken = (await queryRunner.query('SELECT id FROM users WHERE email = ?', [normalised])) as unknown[];
      if (taken.length > 0) {
        queryRunner.connection.logger.log(
          'warn',
          `User ${id}: email is not normalised and its normalised form belongs to another account; left as it was`,
        );
        continue;
      }
      await queryRunner.query('UPDATE users SET email = ? WHERE id = ?', [normalised, id]);
    }
  }

  /** The table's default collation again; normalised values are valid under either. */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) await queryRunner.query('ALTER TABLE users MODIFY email VARCHAR(254) NOT NULL');
  }
}

function isMysql(queryRunner: QueryRunner): boolean {
  const { type } = queryRunner.connection.driver.options;
  return type === 'mysql' || type === 'mariadb';
}
