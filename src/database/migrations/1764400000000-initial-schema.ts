import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

const datetime = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
const uuid = (name: string) => ({ name, type: 'varchar', length: '36' });

/** Written with the QueryRunner table API so the same migration runs on SQLite and MySQL/MariaDB. */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { ...uuid('id'), isPrimary: true },
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'display_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'jwt_version', type: 'int', default: 0 },
          datetime('created_at'),
          datetime('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('user_id'),
          { name: 'device_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '512', isNullable: true },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          // The refresh token is an HMAC over (id, generation, token_salt) keyed by the server secret:
          // the salt alone, as a database copy holds it, cannot produce a token.
          { name: 'token_salt', type: 'varchar', length: '64' },
          { name: 'token_generation', type: 'int', default: 0 },
          datetime('rotated_at', true),
          datetime('created_at'),
          datetime('last_used_at'),
          datetime('expires_at'),
          datetime('max_expires_at'),
          datetime('revoked_at', true),
        ],
      }),
    );
    await queryRunner.createForeignKey(
      'sessions',
      new TableForeignKey({
        name: 'fk_sessions_user',
        columnNames: ['user_id'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
    await queryRunner.createIndex('sessions', new TableIndex({ name: 'idx_sessions_user', columnNames: ['user_id', 'revoked_at'] }));
    await queryRunner.createIndex('sessions', new TableIndex({ name: 'idx_sessions_expires', columnNames: ['expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
