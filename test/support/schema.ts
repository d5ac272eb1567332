import type { DataSource } from 'typeorm';

export interface ColumnShape {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  primaryKey: boolean;
}
export interface IndexShape {
  name: string;
  unique: boolean;
  columns: string[];
}
export interface ForeignKeyShape {
  columns: string[];
  table: string;
  references: string[];
  onDelete: string;
}
export interface TableShape {
  columns: ColumnShape[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

/** TypeORM's own bookkeeping: its rows differ between runs by design, its shape is not ours. */
const IGNORED = new Set(['migrations']);

/**
 * The schema as the database itself reports it (sqlite_master and PRAGMAs, or information_schema):
 * tables, columns with type, nullability, default and key, indexes with uniqueness and columns, foreign
 * keys with their ON DELETE. Sorted by name, so two schemas built by different paths compare with toEqual.
 */
export async function schemaOf(dataSource: DataSource): Promise<Record<string, TableShape>> {
  const tables = dataSource.options.type === 'better-sqlite3' ? await sqliteTables(dataSource) : await mysqlTables(dataSource);
  const schema: Record<string, TableShape> = {};
  for (const table of tables.filter((name) => !IGNORED.has(name)).sort()) {
    schema[table] =
      dataSource.options.type === 'better-sqlite3' ? await sqliteTable(dataSource, table) : await mysqlTable(dataSource, table);
  }
  return schema;
}

const byName = <T extends { name: string }>(items: T[]) => items.sort((a, b) => a.name.localeCompare(b.name));

async function sqliteTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  return rows.map((row) => row.name);
}

async function sqliteTable(dataSource: DataSource, table: string): Promise<TableShape> {
  const columns: Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }> = await dataSource.query(
    `PRAGMA table_info("${table}")`,
  );
  const indexList: Array<{ name: string; unique: number }> = await dataSource.query(`PRAGMA index_list("${table}")`);
  const indexes: IndexShape[] = [];
  for (const index of indexList) {
    const info: Array<{ seqno: number; name: string }> = await dataSource.query(`PRAGMA index_info("${index.name}")`);
    indexes.push({
      name: index.name,
      unique: index.unique === 1,
      columns: info.sort((a, b) => a.seqno - b.seqno).map((column) => column.name),
    });
  }
  const keys: Array<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }> = await dataSource.query(
    `PRAGMA foreign_key_list("${table}")`,
  );
  const foreignKeys = new Map<number, ForeignKeyShape>();
  for (const key of keys.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
    const shape = foreignKeys.get(key.id) ?? { columns: [], table: key.table, references: [], onDelete: key.on_delete };
    shape.columns.push(key.from);
    shape.references.push(key.to);
    foreignKeys.set(key.id, shape);
  }
  return {
    columns: byName(
      columns.map((c) => ({
        name: c.name,
        type: c.type.toLowerCase(),
        nullable: c.notnull === 0,
        default: c.dflt_value,
        primaryKey: c.pk > 0,
      })),
    ),
    indexes: byName(indexes),
    foreignKeys: [...foreignKeys.values()].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

async function mysqlTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
  );
  return rows.map((row) => row.name);
}

async function mysqlTable(dataSource: DataSource, table: string): Promise<TableShape> {
  const columns: Array<{ name: string; type: string; nullable: string; dflt: string | null; key: string; collation: string | null }> =
    await dataSource.query(
      'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, COLUMN_KEY AS `key`, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
  const statistics: Array<{ name: string; nonUnique: number | string; seq: number | string; column: string }> = await dataSource.query(
    'SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS `column` FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  );
  const indexes = new Map<string, IndexShape & { seqs: number[] }>();
  for (const row of statistics.sort((a, b) => Number(a.seq) - Number(b.seq))) {
    const index = indexes.get(row.name) ?? { name: row.name, unique: Number(row.nonUnique) === 0, columns: [], seqs: [] };
    index.columns.push(row.column);
    indexes.set(row.name, index);
  }
  const keys: Array<{ name: string; column: string; table: string; referenced: string; onDelete: string; position: number | string }> =
    await dataSource.query(
      'SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS `column`, k.REFERENCED_TABLE_NAME AS `table`, k.REFERENCED_COLUMN_NAME AS referenced, r.DELETE_RULE AS onDelete, k.ORDINAL_POSITION AS position ' +
        'FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME ' +
        'WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL',
      [table],
    );
  const foreignKeys = new Map<string, ForeignKeyShape>();
  for (const key of keys.sort((a, b) => Number(a.position) - Number(b.position))) {
    const shape = foreignKeys.get(key.name) ?? { columns: [], table: key.table, references: [], onDelete: key.onDelete };
    shape.columns.push(key.column);
    shape.references.push(key.referenced);
    foreignKeys.set(key.name, shape);
  }
  return {
    columns: byName(
      columns.map((c) => ({
        name: c.name,
        type: c.collation ? `${c.type} ${c.collation}` : c.type,
        nullable: c.nullable === 'YES',
        default: c.dflt,
        primaryKey: c.key === 'PRI',
      })),
    ),
    indexes: byName([...indexes.values()].map(({ name, unique, columns: indexColumns }) => ({ name, unique, columns: indexColumns }))),
    foreignKeys: [...foreignKeys.values()].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}
