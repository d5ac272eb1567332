import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/** Roles and disabling for administrators, and the security activity log. */
export class RolesAndAuthEvents1764500000000 implements MigrationInterface {
  name = 'RolesAndAuthEvents1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'role', type: 'varchar', length: '16', default: "'user'" }),
      new TableColumn({ name: 'disabled_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'auth_events',
        columns: [
          // An increasing id orders events even when several share a millisecond.
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'session_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'device_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '512', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await queryRunner.createForeignKey(
      'auth_events',
      new TableForeignKey({
        name: 'fk_auth_events_user',
        columnNames: ['user_id'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
    await queryRunner.createIndex('auth_events', new TableIndex({ name: 'idx_auth_events_user', columnNames: ['user_id', 'id'] }));
    await queryRunner.createIndex('auth_events', new TableIndex({ name: 'idx_auth_events_time', columnNames: ['created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_events');
    await queryRunner.dropColumn('users', 'disabled_at');
    await queryRunner.dropColumn('users', 'role');
  }
}
