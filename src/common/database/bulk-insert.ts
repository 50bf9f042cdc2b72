import { createHash } from 'node:crypto';
import {
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  QueryFailedError,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { pgTransactionClient } from './pg-transaction-client';

/**
 * Fast multi-row INSERT of entity rows whose ids are already set, inside the caller's
 * transaction. TypeORM's InsertQueryBuilder costs a named parameter, a regex check and an
 * escape per value, and on SQLite it inlines numbers into the SQL, so every plate's statement is
 * new text: prepared again and evicting the statement cache. Here the SQL depends only on the
 * table and the row count, values are bound, and statements are reused:
 * - SQLite: prepared once on better-sqlite3's single connection (the one the transaction runs
 *   on) and run synchronously;
 * - PostgreSQL: `$n` placeholders through the transaction's query runner.
 * Values go through the driver's `preparePersistentValue` (dates, JSON, booleans), as TypeORM
 * does; create/update-date columns left undefined are set to now. No hooks or subscribers run.
 */
export async function insertMany<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Partial<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const spec = tableSpec(manager, target);
  const { table, names, columns, valueOf } = spec;
  const perRow = columns.length;
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  if (!sqlite && rows.length > 1 && spec.pgArrayTypes) {
    const { sql, params } = pgInsertRows(spec, rows, 0);
    await query(manager, sql, params);
    return;
  }
  // Stay below the bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
  const chunk = Math.max(1, Math.floor((sqlite ? 30_000 : 60_000) / perRow));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = new Array(part.length * perRow);
    let k = 0;
    for (const row of part) {
      for (let c = 0; c < perRow; c++) params[k++] = valueOf(row, columns[c], c);
    }
    if (sqlite) {
      const db = (manager.connection.driver as unknown as { databaseConnection: SqliteConnection })
        .databaseConnection;
      statement(db, table, names, perRow, part.length).run(...params);
    } else {
      await query(manager, pgInsert(table, names, perRow, part.length), params);
    }
  }
}

/** Rows for one table, for {@link insertAll}. */
export interface TableRows<T extends ObjectLiteral = ObjectLiteral> {
  target: EntityTarget<T>;
  rows: readonly Partial<T>[];
}

/**
 * {@link insertMany} into several tables at once. On PostgreSQL it is one statement (each table's
 * INSERT a data-modifying CTE, so one round trip, and foreign keys between the parts hold: they
 * are checked at the end of the statement); on SQLite one prepared statement per table, which
 * costs no round trip.
 */
export async function insertAll(
  manager: EntityManager,
  parts: readonly TableRows[],
): Promise<void> {
  const present = parts.filter((p) => p.rows.length > 0);
  const specs = present.map((p) => tableSpec(manager, p.target));
  if (
    manager.connection.options.type !== 'postgres' ||
    present.length < 2 ||
    specs.some((s) => !s.pgArrayTypes)
  ) {
    for (const p of present) await insertMany(manager, p.target, p.rows);
    return;
  }
  const params: unknown[] = [];
  const last = present.pop() as TableRows;
  const lastSpec = specs.pop() as TableSpec;
  const ctes = pgInsertCtes(present, specs, params);
  const { sql } = pgInsertRows(lastSpec, last.rows, params.length, params);
  await query(manager, `WITH ${ctes} ${sql}`, params);
}

/** The parts' INSERTs as data-modifying CTEs `t0 AS (…), t1 AS (…)`, their arrays in `params`. */
function pgInsertCtes(parts: readonly TableRows[], specs: TableSpec[], params: unknown[]): string {
  return parts
    .map((p, i) => `t${i} AS (${pgInsertRows(specs[i], p.rows, params.length, params).sql})`)
    .join(', ');
}

interface TableSpec {
  table: string;
  names: string;
  columns: ColumnMetadata[];
  /** The value bound for a row's column, converted as TypeORM would. */
  valueOf: (row: ObjectLiteral, c: ColumnMetadata, i: number) => unknown;
  /** PostgreSQL array element type per column; null when a column has no plain array form. */
  pgArrayTypes: string[] | null;
}

function tableSpec(manager: EntityManager, target: EntityTarget<ObjectLiteral>): TableSpec {
  const meta = manager.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated);
  const driver = manager.connection.driver;
  const now = new Date();
  // Plain top-level columns of text and number types need no conversion on either engine:
  // read the property directly (this runs once per value, a 384-well plate has thousands).
  const plain = columns.map((c) => isPlain(c));
  // `now` converted once per column: every row left without a create/update date gets it.
  const nowValues: unknown[] = new Array(columns.length);
  const valueOf = (row: ObjectLiteral, c: ColumnMetadata, i: number): unknown => {
    if (plain[i]) {
      const v = row[c.propertyName] as unknown;
      return v === undefined ? null : v;
    }
    const v = c.getEntityValue(row);
    if (v === undefined && (c.isCreateDate || c.isUpdateDate)) {
      if (nowValues[i] === undefined) nowValues[i] = driver.preparePersistentValue(now, c) ?? null;
      return nowValues[i];
    }
    return v === undefined ? null : (driver.preparePersistentValue(v, c) ?? null);
  };
  const types = columns.map((c) => PG_ARRAY_TYPES.get(c.type));
  return {
    table: driver.escape(meta.tableName),
    names: columns.map((c) => driver.escape(c.databaseName)).join(', '),
    columns,
    valueOf,
    pgArrayTypes: types.every((t) => t !== undefined) ? (types as string[]) : null,
  };
}

/**
 * PostgreSQL INSERT of rows. Many rows go as one array per column,
 * `INSERT … SELECT * FROM unnest($1::t[], …)`: the statement text and its parameter count no
 * longer grow with the rows (a 384-well layout's wells bind one array per column instead of a
 * value per cell), which the driver serialises and the server parses far faster. One row binds
 * its values as they are (`VALUES ($1::t, …)`): an array literal would make the driver escape
 * every character of a JSON column, and a plate's reading, values, QC and derived rows are one
 * row each. Placeholders start after `offset`.
 */
function pgInsertRows(
  spec: TableSpec,
  rows: readonly ObjectLiteral[],
  offset: number,
  into?: unknown[],
): { sql: string; params: unknown[] } {
  const types = spec.pgArrayTypes as string[];
  let sql: string;
  let params: unknown[];
  if (rows.length === 1) {
    const values = types.map((t, i) => `$${offset + i + 1}::${t}`).join(', ');
    sql = `INSERT INTO ${spec.table} (${spec.names}) VALUES (${values})`;
    params = spec.columns.map((c, ci) => spec.valueOf(rows[0], c, ci));
  } else {
    const arrays = types.map((t, i) => `$${offset + i + 1}::${t}[]`).join(', ');
    sql = `INSERT INTO ${spec.table} (${spec.names}) SELECT * FROM unnest(${arrays})`;
    params = spec.columns.map((c, ci) => {
      const values: unknown[] = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) values[r] = spec.valueOf(rows[r], c, ci);
      return values;
    });
  }
  into?.push(...params);
  return { sql, params };
}

// Column types whose values pass through a PostgreSQL array literal unchanged.
const PG_ARRAY_TYPES = new Map<unknown, string>([
  ['varchar', 'varchar'],
  ['text', 'text'],
  ['simple-json', 'text'],
  ['integer', 'integer'],
  ['int', 'integer'],
  ['double precision', 'double precision'],
  ['boolean', 'boolean'],
  ['timestamptz', 'timestamptz'],
  [String, 'varchar'],
  [Number, 'integer'],
  [Boolean, 'boolean'],
]);

const PLAIN_TYPES = new Set<unknown>([
  'varchar',
  'text',
  'integer',
  'int',
  'double precision',
  'real',
  String,
  Number,
]);

function isPlain(c: ColumnMetadata): boolean {
  return (
    !c.embeddedMetadata &&
    !c.transformer &&
    !c.isCreateDate &&
    !c.isUpdateDate &&
    !(c.relationMetadata && c.isVirtual) &&
    PLAIN_TYPES.has(c.type)
  );
}

interface SqliteStatement {
  run(...params: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

// Prepared statements per connection, keyed by table, columns and row count.
const STATEMENTS = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
const MAX_STATEMENTS = 64;

function statement(
  db: SqliteConnection,
  table: string,
  names: string,
  perRow: number,
  count: number,
): SqliteStatement {
  let cache = STATEMENTS.get(db);
  if (!cache) STATEMENTS.set(db, (cache = new Map()));
  const key = `${table}|${names}|${count}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const row = `(${new Array<string>(perRow).fill('?').join(', ')})`;
    stmt = db.prepare(
      `INSERT INTO ${table} (${names}) VALUES ${new Array<string>(count).fill(row).join(', ')}`,
    );
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
    cache.set(key, stmt);
  }
  return stmt;
}

const PG_SQL = new Map<string, string>();

function pgInsert(table: string, names: string, perRow: number, count: number): string {
  const key = `${table}|${names}|${count}`;
  let sql = PG_SQL.get(key);
  if (!sql) {
    const values: string[] = [];
    for (let r = 0; r < count; r++) {
      const p: string[] = [];
      for (let c = 1; c <= perRow; c++) p.push(`$${r * perRow + c}`);
      values.push(`(${p.join(', ')})`);
    }
    sql = `INSERT INTO ${table} (${names}) VALUES ${values.join(', ')}`;
    if (PG_SQL.size >= MAX_STATEMENTS) PG_SQL.delete(PG_SQL.keys().next().value as string);
    PG_SQL.set(key, sql);
  }
  return sql;
}

/**
 * An ORDER BY for {@link selectWhere}: entity property names, each resolved through the entity's
 * metadata to its escaped column, and a direction. Never SQL text, so it cannot carry any.
 */
export type SelectOrder<T> = readonly (readonly [
  property: keyof T & string,
  direction: 'ASC' | 'DESC',
])[];

/** How {@link selectWhere} orders and bounds its rows. */
export interface SelectOptions<T> {
  /** Unordered when absent: the engines return rows in no promised order. */
  orderBy?: SelectOrder<T>;
  /** At most this many rows (a positive integer). */
  limit?: number;
}

/**
 * Reads entities with a hand-written WHERE clause (`?` placeholders on both engines), hydrated
 * column by column through the driver as TypeORM does, without the query builder: for the few
 * lookups on the import's hot path. `where` is the WHERE clause only (no ORDER BY or LIMIT:
 * refused); the order and the limit are `options`. NULLs sort as each engine sorts them
 * (first ascending on SQLite, last on PostgreSQL), so order by columns that hold none; end
 * with a unique one (`id`) for a total order.
 */
export async function selectWhere<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: string,
  params: unknown[],
  options: SelectOptions<T> = {},
): Promise<T[]> {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = meta.columns.filter((c) => !c.isVirtual);
  const { limit, orderBy = [] } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new Error(`selectWhere: limit must be a positive integer, not ${limit}`);
  }
  const order = orderBy
    .map(([property, direction]) => {
      const column = meta.findColumnWithPropertyPath(property);
      if (!column || column.isVirtual) {
        throw new Error(`selectWhere: ${meta.name} has no column property ${String(property)}`);
      }
      if (direction !== 'ASC' && direction !== 'DESC') {
        throw new Error(
          `selectWhere: order direction must be ASC or DESC, not ${String(direction)}`,
        );
      }
      return `${driver.escape(column.databaseName)} ${direction}`;
    })
    .join(', ');
  const key = `${meta.tableName}|${where}|${order}|${limit ?? ''}`;
  let sql = SELECT_SQL.get(key);
  if (!sql) {
    if (/\b(ORDER\s+BY|LIMIT)\b/i.test(where)) {
      throw new Error('selectWhere: `where` is the WHERE clause only; order and limit are options');
    }
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    let n = 0;
    const clause =
      manager.connection.options.type === 'postgres'
        ? where.replace(/\?/g, () => `$${++n}`)
        : where;
    sql = `SELECT ${names} FROM ${driver.escape(meta.tableName)} WHERE ${clause}${order ? ` ORDER BY ${order}` : ''}${limit ? ` LIMIT ${limit}` : ''}`;
    if (SELECT_SQL.size >= MAX_STATEMENTS)
      SELECT_SQL.delete(SELECT_SQL.keys().next().value as string);
    SELECT_SQL.set(key, sql);
  }
  const { rows } = await query<Record<string, unknown>>(manager, sql, params);
  return rows.map((raw) => {
    const entity = meta.create() as T;
    for (const c of columns) {
      c.setEntityValue(entity, driver.prepareHydratedValue(raw[c.databaseName], c));
    }
    return entity;
  });
}

const SELECT_SQL = new Map<string, string>();

/**
 * Plain rows of a hand-written SELECT (`?` placeholders on both engines), as the driver returns
 * them: no entities are built. For a repository class's reads on a hot path; the caller's SQL
 * must name its columns with aliases both engines return alike.
 */
export async function selectRows<R>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  let n = 0;
  const text =
    manager.connection.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return (await query<R>(manager, text, params)).rows;
}

/**
 * `UPDATE … SET … WHERE <where>` (`?` placeholders on both engines) of the given properties,
 * each converted by the driver as TypeORM's UpdateQueryBuilder does (dates, JSON, booleans),
 * without the query builder: for the few updates on the import's hot path. Only the columns
 * named are set (an update-date column too, then: pass it). Resolves to the number of rows
 * changed.
 *
 * `inserts` are rows written first, as {@link insertAll} writes them; on PostgreSQL they go in
 * the same statement, as data-modifying CTEs before the UPDATE (one round trip for both).
 */
export async function updateWhere<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  where: string,
  params: unknown[],
  inserts: readonly TableRows[] = [],
): Promise<number> {
  const meta = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const pg = manager.connection.options.type === 'postgres';
  const present = inserts.filter((p) => p.rows.length > 0);
  const specs = present.map((p) => tableSpec(manager, p.target));
  const inOneStatement = pg && specs.every((spec) => spec.pgArrayTypes);
  if (!inOneStatement) await insertAll(manager, present);
  const bound: unknown[] = [];
  const ctes = inOneStatement && present.length > 0 ? pgInsertCtes(present, specs, bound) : '';
  let n = bound.length;
  const sets: string[] = [];
  for (const [property, value] of Object.entries(values)) {
    const c = meta.findColumnWithPropertyName(property);
    if (!c) throw new Error(`${meta.name} has no column ${property}`);
    sets.push(`${driver.escape(c.databaseName)} = ${pg ? `$${++n}` : '?'}`);
    bound.push(value === undefined ? null : (driver.preparePersistentValue(value, c) ?? null));
  }
  const clause = pg ? where.replace(/\?/g, () => `$${++n}`) : where;
  const sql =
    (ctes ? `WITH ${ctes} ` : '') +
    `UPDATE ${driver.escape(meta.tableName)} SET ${sets.join(', ')} WHERE ${clause}`;
  return (await query(manager, sql, [...bound, ...params])).affected;
}

/** The node-postgres client of an open transaction: a named (prepared) statement per query. */
interface PgTransactionClient {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

// Prepared-statement names by SQL text. The hot path's statements are few and fixed; past this
// many distinct texts (each connection keeps every statement it prepared) the rest go unnamed.
const PG_STATEMENT_NAMES = new Map<string, string>();
const MAX_PG_STATEMENTS = 256;

/**
 * Runs one of this file's statements. Inside a PostgreSQL transaction it goes straight to the
 * transaction's node-postgres client as a named statement: each connection parses and plans it
 * once and then only binds and executes it (docs/performance.md). TypeORM's query logging does not see these; errors are wrapped in its
 * QueryFailedError as its own queries' are. Elsewhere (SQLite, no transaction) it is TypeORM's
 * query with a structured result, which carries the changed-row count on both engines.
 */
async function query<R = unknown>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<{ rows: R[]; affected: number }> {
  const client = pgTransactionClient<PgTransactionClient>(manager);
  if (client) {
    let name = PG_STATEMENT_NAMES.get(sql);
    if (!name && PG_STATEMENT_NAMES.size < MAX_PG_STATEMENTS) {
      name = `thiolab_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      PG_STATEMENT_NAMES.set(sql, name);
    }
    try {
      const result = await client.query(
        name ? { name, text: sql, values: params } : { text: sql, values: params },
      );
      return { rows: result.rows as R[], affected: result.rowCount ?? 0 };
    } catch (e) {
      throw new QueryFailedError(sql, params, e as Error);
    }
  }
  const own = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await own.query(sql, params, true);
    return { rows: (result.records ?? []) as R[], affected: result.affected ?? 0 };
  } finally {
    if (own !== manager.queryRunner) await own.release();
  }
}
